package dev.tessera.server.cli;

import dev.tessera.client.auth.BasicAuth;
import dev.tessera.client.auth.BearerAuth;
import dev.tessera.client.auth.ClientAuth;
import dev.tessera.client.auth.ClientCredentialsAuth;
import dev.tessera.client.auth.KerberosAuth;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;

/** The {@code query} command's login: names from arguments, secrets only from the environment. */
final class QueryAuth {

    static final List<String> KINDS = List.of("basic", "bearer", "client-credentials", "kerberos");

    private QueryAuth() {}

    static ClientAuth from(Namespace namespace, Map<String, String> env) throws IOException {
        return switch (namespace.getString("auth")) {
            case "bearer" -> new BearerAuth(required(env, "TESSERA_TOKEN", "the bearer token"));
            case "client-credentials" -> new ClientCredentialsAuth(URI.create(argument(namespace, "token_url", "--token-url")),
                    argument(namespace, "client_id", "--client-id"),
                    required(env, "TESSERA_CLIENT_SECRET", "the client secret"), namespace.getString("scope"));
            case "kerberos" -> KerberosAuth.fromTicketCache();
            default -> new BasicAuth(user(namespace, env), required(env, "TESSERA_PASSWORD", "the password"));
        };
    }

    private static String user(Namespace namespace, Map<String, String> env) {
        String user = namespace.getString("user");
        return user != null ? user : required(env, "TESSERA_USER", "the username (or --user)");
    }

    private static String argument(Namespace namespace, String key, String flag) {
        String value = namespace.getString(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " is required with --auth " + namespace.getString("auth"));
        }
        return value;
    }

    private static String required(Map<String, String> env, String name, String what) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("set " + name + " to " + what
                    + "; secrets are read from the environment, never from the command line");
        }
        return value;
    }
}
