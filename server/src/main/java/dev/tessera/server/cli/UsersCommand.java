package dev.tessera.server.cli;

import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.LocalUsersFactory;
import dev.tessera.server.roles.LocalUserStore;
import dev.tessera.server.roles.StoreTransactions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code users add|passwd|remove USERNAME [-c config.yml]}: local users of the backend that keeps them (Basic).
 * The password is asked for on a terminal, read from standard input when piped, or generated and printed when
 * standard input is empty.
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
    protected String adminApi(Namespace namespace) {
        String username = namespace.getString("username");
        return switch (namespace.getString("action")) {
            case "add" -> "POST /api/v1/admin/basic-users";
            case "passwd" -> "PUT /api/v1/admin/basic-users/" + username + "/password";
            default -> "DELETE /api/v1/admin/basic-users/" + username;
        };
    }

    @Override
    protected void run(Namespace namespace, StoreTransactions transactions) throws IOException {
        LocalUsersFactory backend = localUsers.orElse(null);
        if (backend == null) {
            fail("No backend in auth.backends keeps local users; add '- type: basic' to the config given with -c.");
            return;
        }
        LocalUserAccounts users = backend.accounts(new LocalUserStore(transactions, backend.name()));
        String action = namespace.getString("action");
        String username = users.username(username(namespace.getString("username")));
        switch (action) {
            case "add" -> {
                String password = readPassword(users);
                if (!users.create(actor(), username, password)) {
                    fail("User '" + username + "' exists already; use 'users passwd " + username + "'.");
                }
                System.out.println("Added user '" + username + "'. It holds no role yet: 'roles grant " + username + " ROLE_USER'.");
            }
            case "passwd" -> {
                String password = readPassword(users);
                if (!users.setPassword(actor(), username, password)) {
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

    private static String readPassword(LocalUserAccounts users) throws IOException {
        Optional<Console> console = Terminal.console();
        String password;
        if (console.isPresent()) {
            char[] typed = console.get().readPassword("Password: ");
            password = typed == null ? "" : new String(typed);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        }
        if (password.isEmpty()) {
            password = users.generatePassword();
            System.out.println("Generated password: " + password);
        }
        if (password.length() < users.minPasswordLength()) {
            fail("A password needs at least " + users.minPasswordLength() + " characters.");
        }
        return password;
    }
}
