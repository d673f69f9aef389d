package dev.tessera.server.cli;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.cubes.RemoteEngineCheck;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check config.yml}, Dropwizard's own, that also compiles the cubes of each remote engine (Trino) against
 * the tables it has. A cube that does not fit fails the check as it would fail start-up (exit 1, the same lines); an
 * engine that cannot be reached is said plainly but does not fail the check, since start-up would wait for it too.
 */
public final class CheckCommandWithEngines extends CheckCommand<TesseraConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckCommandWithEngines.class);

    public CheckCommandWithEngines(Application<TesseraConfiguration> application) {
        super(application);
    }

    @Override
    protected void run(Bootstrap<TesseraConfiguration> bootstrap, Namespace namespace, TesseraConfiguration config)
            throws Exception {
        RemoteEngineCheck.Findings findings = RemoteEngineCheck.run(config.getEngines(), config.getCubes());
        if (!findings.problems().isEmpty()) {
            throw new CubesDoNotFitException(namespace.getString("file") + " has cubes that do not fit their engine:\n  * "
                    + String.join("\n  * ", findings.problems()));
        }
        for (String line : findings.notReached()) {
            LOG.warn("Not checked: {}", line);
        }
        super.run(bootstrap, namespace, config);
    }

    /** Printed alone by {@link CheckCommand#onError}, as a config.yml that does not validate is. */
    static final class CubesDoNotFitException extends Exception {
        private static final long serialVersionUID = 1L;

        CubesDoNotFitException(String message) {
            super(message, null, false, false);
        }
    }
}
