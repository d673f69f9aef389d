package dev.tessera.server.cli;

import dev.tessera.auth.basic.PasswordHasher;
import dev.tessera.server.api.AdminBasicUsersResource;
import dev.tessera.server.roles.LocalUserStore;
import dev.tessera.server.roles.StoreTransactions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code users add|passwd|remove USERNAME [-c config.yml]}: local Basic users. The password is asked for on a
 * terminal, read from standard input when piped, or generated and printed when standard input is empty.
 */
public final class UsersCommand extends StoreCommand {

    public UsersCommand() {
        super("users", "Add, re-password or remove a local (Basic) user");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("add", "passwd", "remove").help("what to do");
        subparser.addArgument("username").help("the user");
        super.configure(subparser);
    }

    @Override
    protected void run(Namespace namespace, StoreTransactions transactions) throws IOException {
        LocalUserStore users = new LocalUserStore(transactions, localBackend);
        String action = namespace.getString("action");
        String username = username(namespace.getString("username")).toLowerCase(java.util.Locale.ROOT);
        PasswordHasher hasher = new PasswordHasher();
        switch (action) {
            case "add" -> {
                String password = readPassword();
                if (!users.insert(actor(), username, hasher.hash(password))) {
                    fail("User '" + username + "' exists already; use 'users passwd " + username + "'.");
                }
                System.out.println("Added user '" + username + "'. It holds no role yet: 'roles grant " + username + " ROLE_USER'.");
            }
            case "passwd" -> {
                String password = readPassword();
                if (!users.updatePasswordHash(actor(), username, hasher.hash(password))) {
                    fail("No local user '" + username + "'.");
                }
                System.out.println("Changed the password of '" + username + "'.");
            }
            case "remove" -> {
                if (!users.delete(actor(), username)) {
                    fail("No local user '" + username + "'.");
                }
                System.out.println("Removed user '" + username + "'.");
            }
            default -> fail("Unknown action " + action);
        }
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? "" : new String(typed);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        }
        if (password.isEmpty()) {
            password = PasswordHasher.generatePassword();
            System.out.println("Generated password: " + password);
        }
        if (password.length() < AdminBasicUsersResource.MIN_PASSWORD) {
            fail("A password needs at least " + AdminBasicUsersResource.MIN_PASSWORD + " characters.");
        }
        return password;
    }
}
