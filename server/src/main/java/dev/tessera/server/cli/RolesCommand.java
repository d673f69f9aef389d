package dev.tessera.server.cli;

import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.Roles;
import dev.tessera.server.roles.StoreTransactions;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code roles grant|revoke USERNAME ROLE... | roles list [USERNAME]}: individual roles in the local store. */
public final class RolesCommand extends StoreCommand {

    public RolesCommand() {
        super("roles", "Grant, revoke or list a user's individual roles");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("grant", "revoke", "list").help("what to do");
        subparser.addArgument("username").nargs("?").help("the user (optional for list)");
        subparser.addArgument("roles").nargs("*").help("role names, e.g. ROLE_USER");
        super.configure(subparser);
    }

    @Override
    protected String adminApi(Namespace namespace) {
        String action = namespace.getString("action");
        if (action.equals("list")) {
            return "GET /api/v1/admin/users";
        }
        String username = namespace.getString("username") == null ? "{username}" : namespace.getString("username");
        List<String> roles = namespace.getList("roles");
        String role = roles == null || roles.isEmpty() ? "{role}" : roles.get(0);
        return (action.equals("grant") ? "PUT" : "DELETE") + " /api/v1/admin/users/" + username + "/roles/" + role
                + (roles != null && roles.size() > 1 ? " (once per role)" : "");
    }

    @Override
    protected void run(Namespace namespace, StoreTransactions transactions) {
        RoleStore store = new RoleStore(transactions);
        String action = namespace.getString("action");
        String typed = namespace.getString("username");
        String username = typed == null ? null : username(typed);
        List<String> roles = namespace.getList("roles");
        if (action.equals("list")) {
            Map<String, List<String>> users = store.users();
            users.forEach((user, held) -> {
                if (username == null || username.equals(user)) {
                    System.out.println(user + "\t" + String.join(",", held));
                }
            });
            return;
        }
        if (username == null || roles == null || roles.isEmpty()) {
            fail("Usage: roles " + action + " USERNAME ROLE [ROLE...] [-c config.yml]");
        }
        for (String role : roles) {
            if (!Roles.isValidName(role)) {
                fail("'" + role + "' is not a valid role name.");
            }
            boolean changed = action.equals("grant")
                    ? store.grant(actor(), username, role)
                    : store.revoke(actor(), username, role);
            System.out.println((changed ? (action.equals("grant") ? "Granted " : "Revoked ") : "Unchanged: ")
                    + role + " " + (action.equals("grant") ? "to " : "from ") + username);
        }
    }
}
