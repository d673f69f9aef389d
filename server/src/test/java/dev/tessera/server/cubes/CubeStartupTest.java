package dev.tessera.server.cubes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.duckdb.TableFilesMissingException.Missing;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one line a person reads when a table's file is not there; CubeStartupIT sees it printed by the real server. */
class CubeStartupTest {

    private static Missing missing(String table, String source) {
        return new Missing(table, source, Path.of("/srv/tessera").resolve(source));
    }

    @Test
    void theMissingSampleSaysHowToWriteIt() {
        assertThat(CubeStartup.missingFiles(List.of(missing("sales", "data/sample/sales.parquet"),
                missing("products", "data/sample/products.parquet"), missing("customers", "data/sample/customers.parquet"))))
                .isEqualTo("Tessera cannot start: table 'sales' reads data/sample/sales.parquet, "
                + "which does not exist (looked for /srv/tessera/data/sample/sales.parquet), nor do the files of tables "
                + "'products', 'customers'. It is the sample data: create it with: java -jar server/target/tessera.jar sample "
                + "--rows 1000000 --out data/sample (or run scripts/start.sh, which also starts the server).");
    }

    @Test
    void aSampleElsewhereGetsItsDirectoryAndNoScript() {
        assertThat(CubeStartup.missingFiles(List.of(missing("sales", "/data/demo/sales.parquet"))))
                .isEqualTo("Tessera cannot start: table 'sales' reads /data/demo/sales.parquet, which does not exist "
                        + "(looked for /data/demo/sales.parquet). It is the sample data: create it with: "
                        + "java -jar server/target/tessera.jar sample --rows 1000000 --out /data/demo.");
    }

    @Test
    void otherFilesAreNamedWithoutASampleHint() {
        assertThat(CubeStartup.missingFiles(List.of(missing("orders", "exports/orders.csv"),
                missing("sales", "data/sample/sales.parquet"))))
                .isEqualTo("Tessera cannot start: table 'orders' reads exports/orders.csv (/srv/tessera/exports/orders.csv), "
                        + "table 'sales' reads data/sample/sales.parquet (/srv/tessera/data/sample/sales.parquet); "
                        + "none of these files exists.")
                .doesNotContain("\n");
    }
}
