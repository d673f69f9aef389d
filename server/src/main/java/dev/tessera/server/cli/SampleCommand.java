package dev.tessera.server.cli;

import dev.tessera.cube.sample.SampleGenerator;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code sample --rows N --out DIR}: the deterministic sales star schema that config.yml loads. */
public final class SampleCommand extends Command {

    public SampleCommand() {
        super("sample", "Write the sample sales star schema as Parquet files");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--rows").type(Long.class).setDefault(1_000_000L).help("fact rows (default 1,000,000)");
        subparser.addArgument("--out").setDefault("data/sample").help("output directory (default data/sample)");
        subparser.addArgument("--seed").type(Long.class).setDefault(SampleGenerator.DEFAULT_SEED).help("random seed");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        long rows = namespace.getLong("rows");
        if (rows < 1) {
            System.err.println("--rows must be at least 1");
            throw new IllegalArgumentException("--rows must be at least 1");
        }
        Path out = Path.of(namespace.getString("out"));
        long started = System.nanoTime();
        SampleGenerator.generate(out, rows, namespace.getLong("seed"));
        System.out.printf("Wrote %,d sales rows and their dimensions to %s in %.1f s%n", rows, out.toAbsolutePath(),
                (System.nanoTime() - started) / 1e9);
    }
}
