package dev.tessera.server.cli;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.LocalUsersFactory;
import dev.tessera.auth.spi.Usernames;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.replicas.ChangeNotifications;
import dev.tessera.server.roles.StoreInUseException;
import dev.tessera.server.roles.StoreMigrations;
import dev.tessera.server.roles.StoreTransactions;
import dev.tessera.server.store.EmbeddedStoreFiles;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.LoggerFactory;

/**
 * A command on the role store, for when no admin can log in yet. The config file is an option
 * ({@code -c config.yml}) so the action and its arguments read naturally: {@code roles grant alice ROLE_USER}.
 */
abstract class StoreCommand extends ConfiguredCommand<TesseraConfiguration> {

    protected StoreCommand(String name, String description) {
        super(name, description);
    }

    @Override
    protected Argument addFileArgument(Subparser subparser) {
        return subparser.addArgument("-c", "--config").dest("file").help("the server's config.yml (default: built-in defaults)");
    }

    @Override
    protected final void run(Bootstrap<TesseraConfiguration> bootstrap, Namespace namespace,
                             TesseraConfiguration configuration) throws Exception {
        DataSourceFactory database = configuration.getDatabase();
        Path dataDirectory = Path.of(configuration.getDataDirectory());
        EmbeddedStoreFiles.secure(dataDirectory, database); // the command may be the first to create the store
        // The pool logs a refused first connection at ERROR with a stack trace; the command explains it instead.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.tomcat.jdbc.pool")).setLevel(Level.OFF);
        try {
            StoreMigrations.migrate(database);
        } catch (StoreInUseException e) {
            fail("The server holds the embedded role store " + e.store() + ": stop it, or use the admin API: "
                    + adminApi(namespace));
        }
        ManagedDataSource dataSource = database.build(new MetricRegistry(), "cli");
        try {
            Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
            localUsers = configuration.getAuth().localUsersFactory();
            // A change made here reaches the running servers' caches at once (PostgreSQL), not after their TTL.
            run(namespace, new StoreTransactions(jdbi, Clock.systemUTC(), new ChangeNotifications().publisher(database)));
        } finally {
            dataSource.stop();
            EmbeddedStoreFiles.secure(dataDirectory, database);
        }
    }

    /** The backend in the config that keeps its users in the store (Basic), if any. */
    protected Optional<LocalUsersFactory> localUsers = Optional.empty();

    protected abstract void run(Namespace namespace, StoreTransactions store) throws Exception;

    /** The canonical form of a username given on the command line, or a one-line failure. */
    protected static String username(String typed) {
        try {
            return Usernames.canonical(typed);
        } catch (Usernames.InvalidUsernameException e) {
            fail("Username refused: " + e.getMessage() + ".");
            return typed;
        }
    }

    /** The admin API request that does what this command does, for when the server is running. */
    protected abstract String adminApi(Namespace namespace);

    /** A failure already explained, or a config.yml that does not validate, needs no stack trace; others keep theirs. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ConfigurationException) {
            cli.getStdErr().println(e.getMessage());
        } else if (!(e instanceof CommandFailedException)) {
            super.onError(cli, namespace, e);
        }
    }

    /** Who made a change from the command line, for the audit log. */
    protected static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    protected static void fail(String message) {
        System.err.println(message);
        throw new CommandFailedException(message);
    }

    /** Ends the command with a non-zero exit and the message already printed. */
    static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
