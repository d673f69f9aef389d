package dev.tessera.server.cli;

import dev.tessera.server.config.CannotStartException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code server config.yml}, Dropwizard's own, except that a config.yml that does not validate is reported as
 * {@code check} reports it, and so is what it names but cannot be used (a missing table file, a cube the engine
 * refuses): the file and what is wrong, without a stack trace in front of the person fixing it.
 */
public final class ServerCommandWithPlainConfigErrors<T extends Configuration> extends ServerCommand<T> {

    public ServerCommandWithPlainConfigErrors(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ConfigurationException || e instanceof CannotStartException) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
