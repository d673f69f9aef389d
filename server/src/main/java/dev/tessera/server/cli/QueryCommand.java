package dev.tessera.server.cli;

import dev.tessera.client.CubeQuery;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.TesseraProblemException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code query --url URL --auth basic|bearer|client-credentials|kerberos --cube C --measures m1,m2 --levels l1,l2
 * --format csv|json|table}: one cube query against a running server, through the Java client. Secrets come from
 * environment variables only ({@link QueryAuth}), never from the command line, where {@code ps} would show them.
 */
public final class QueryCommand extends Command {

    private final Map<String, String> environment;

    public QueryCommand() {
        this(System.getenv());
    }

    QueryCommand(Map<String, String> environment) {
        super("query", "Run a cube query against a running Tessera server and print the answer");
        this.environment = environment;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--url").required(true).help("the server, e.g. https://tessera.example.com/");
        subparser.addArgument("--auth").choices(QueryAuth.KINDS).setDefault("basic")
                .help("basic (--user, TESSERA_PASSWORD), bearer (TESSERA_TOKEN), client-credentials (--token-url, "
                        + "--client-id, TESSERA_CLIENT_SECRET), kerberos (the ticket cache kinit left)");
        subparser.addArgument("--user").help("basic: the username (default: TESSERA_USER)");
        subparser.addArgument("--token-url").help("client-credentials: the provider's token endpoint");
        subparser.addArgument("--client-id").help("client-credentials: the client id");
        subparser.addArgument("--scope").help("client-credentials: scopes to ask for, space-separated");
        subparser.addArgument("--cube").required(true);
        subparser.addArgument("--measures").required(true).help("comma-separated, e.g. revenue,orders");
        subparser.addArgument("--levels").setDefault("").help("comma-separated level refs, e.g. geo.country");
        subparser.addArgument("--limit").type(Integer.class).help("at most this many rows");
        subparser.addArgument("--format").choices("csv", "json", "table").setDefault("table");
        subparser.addArgument("--timeout").type(Integer.class).setDefault(120).help("seconds (default 120)")
                .action(Arguments.store());
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        TesseraClient client = TesseraClient.builder(URI.create(namespace.getString("url")))
                .auth(QueryAuth.from(namespace, environment))
                .timeout(java.time.Duration.ofSeconds(namespace.getInt("timeout")))
                .build();
        String cube = namespace.getString("cube");
        CubeQuery query = CubeQuery.of(list(namespace.getString("measures")), list(namespace.getString("levels")));
        Integer limit = namespace.getInt("limit");
        if (limit != null) {
            query = query.withLimit(limit);
        }
        PrintStream out = System.out;
        switch (namespace.getString("format")) {
            case "csv" -> copy(client.queryCsv(cube, query), out);
            case "json" -> copy(client.queryJson(cube, query), out);
            default -> TextTable.print(client.query(cube, query), out);
        }
        out.flush();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",", -1)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void copy(InputStream answer, PrintStream out) throws java.io.IOException {
        try (answer) {
            answer.transferTo(out);
        }
    }

    /** One line a person can act on, not a stack trace: the server's problem, or why it could not be asked. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof TesseraProblemException problem) {
            cli.getStdErr().println("tessera query: " + problem.status() + " " + problem.title() + ": " + problem.detail());
            problem.errors().forEach(error -> cli.getStdErr().println("  at " + error.pointer() + ": " + error.detail()));
        } else {
            cli.getStdErr().println("tessera query: " + e.getMessage());
        }
    }
}
