package dev.tessera.server.store;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.server.testing.ListeningPorts;
import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TesseraTestApp;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded role store is no side door: the server started on the built-in defaults, in a JVM of its own,
 * listens on its two HTTP ports and nothing else, and keeps ./data and every file in it to its own account.
 */
class EmbeddedStoreIT {

    private final Path workingDirectory = TesseraTestApp.newDataDirectory();
    private final Path data = workingDirectory.resolve("data");
    private final Path config = Path.of(ResourceHelpers.resourceFilePath("process-config.yml")).toAbsolutePath();

    @Test
    void theServerListensOnItsTwoHttpPortsAndNothingElse() throws Exception {
        assumeTrue(ListeningPorts.available(), "needs Linux /proc to list a process's sockets");
        try (TesseraProcess server = TesseraProcess.server(workingDirectory, config)) {
            grantOneRole(server);
            assertThat(ListeningPorts.of(server.pid())).containsExactlyInAnyOrder(server.port(), server.adminPort());
            assertThat(data.resolve("tessera.mv.db")).as("the built-in default store, in use").isNotEmptyFile();
        }
    }

    @Test
    void theDataDirectoryIsOwnerOnlyAndSoIsEveryFileInIt() throws Exception {
        assumeTrue(Files.getFileStore(workingDirectory).supportsFileAttributeView("posix"), "POSIX permissions only");
        // As an earlier version left it: the directory and the store's trace file readable by every local user.
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path oldTrace = Files.writeString(data.resolve("tessera.trace.db"), "an earlier run's H2 trace\n");
        Files.setPosixFilePermissions(oldTrace, PosixFilePermissions.fromString("rw-r--r--"));

        try (TesseraProcess server = TesseraProcess.server(workingDirectory, config)) {
            grantOneRole(server);
            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(filesIn(data)).containsKeys("tessera.mv.db", "session.key", "tessera.trace.db")
                    .allSatisfy((file, permissions) -> assertThat(permissions).as(file).isEqualTo("rw-------"));
        }
    }

    @Test
    void aConfigThatAsksH2ForAPortIsRefusedAtStartOnOneLine() throws Exception {
        Path listening = workingDirectory.resolve("listening.yml");
        Files.writeString(listening, Files.readString(config) + """
                database:
                  driverClass: org.h2.Driver
                  url: jdbc:h2:file:./data/tessera;AUTO_SERVER=TRUE
                  user: tessera
                  password: ""
                """);
        for (String command : List.of("server", "check")) {
            TesseraProcess.Result refused = TesseraProcess.run(workingDirectory, "", command, listening.toString());
            assertThat(refused.exitCode()).as(command).isEqualTo(1);
            assertThat(refused.output()).as(command)
                    .contains("* database asks H2 for AUTO_SERVER=TRUE, which makes the embedded role store listen on a "
                            + "TCP port that any local user can reach: remove it")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(data.resolve("tessera.mv.db")).doesNotExist();
    }

    private static void grantOneRole(TesseraProcess server) {
        int status = server.client().as(basic("admin", "admin-password-1"), "PUT",
                "/api/v1/admin/users/alice/roles/ROLE_USER", null).statusCode();
        assertThat(status).isEqualTo(200);
    }

    private static Map<String, String> filesIn(Path directory) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(entry.getFileName().toString(), permissions(entry));
                }
            }
        }
        return files;
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
