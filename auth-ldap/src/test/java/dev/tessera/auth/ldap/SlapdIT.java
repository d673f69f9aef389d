package dev.tessera.auth.ldap;

import static dev.tessera.auth.ldap.LdapTestSupport.accepted;
import static dev.tessera.auth.ldap.LdapTestSupport.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldif.LDIFReader;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same backend config against a directory that is not in-process: Debian's OpenLDAP {@code slapd}, started
 * here on a free loopback port with its own slapd.conf and mdb database, the memberof overlay maintaining
 * {@code memberOf}. slapd must be installed ({@code apt-get install slapd ldap-utils}); without it this test
 * fails rather than skips, so a CI that forgot it does not pass silently.
 */
class SlapdIT {

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final String ROOT_DN = "cn=admin,dc=example,dc=org";
    private static final String ROOT_PASSWORD = "admin-secret";

    private static Path home;
    private static int port;
    private static Process slapd;
    private final List<Authenticator> opened = new ArrayList<>();

    @BeforeAll
    static void startSlapd() throws Exception {
        if (!Files.isExecutable(SLAPD)) {
            throw new AssertionError(SLAPD + " is missing: install OpenLDAP with "
                    + "'DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils' (.ci/run does)");
        }
        home = Files.createTempDirectory("tessera-slapd");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("slapd.conf"), slapdConf(home));
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        launch();
        load();
    }

    @AfterAll
    static void stopSlapd() throws IOException {
        kill();
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @AfterEach
    void closeAuthenticators() {
        opened.forEach(Authenticator::close);
    }

    private static String slapdConf(Path home) {
        String schemas = Stream.of("core", "cosine", "inetorgperson", "nis")
                .map(name -> "include /etc/ldap/schema/" + name + ".schema")
                .collect(Collectors.joining("\n"));
        return schemas + "\n" + """
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                database mdb
                suffix "dc=example,dc=org"
                rootdn "%2$s"
                rootpw %3$s
                directory %1$s/data
                maxsize 16777216
                index objectClass eq
                index uid,cn,member eq
                overlay memberof
                """.formatted(home, ROOT_DN, ROOT_PASSWORD);
    }

    private static void launch() throws Exception {
        Path log = home.resolve("slapd.log");
        // -d keeps slapd in the foreground, so this JVM owns the process and can kill it.
        slapd = new ProcessBuilder(SLAPD.toString(), "-f", home.resolve("slapd.conf").toString(),
                "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!slapd.isAlive()) {
                throw new AssertionError("slapd exited with " + slapd.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        kill();
        throw new AssertionError("slapd did not listen on port " + port + " within 15s:\n" + Files.readString(log));
    }

    private static void kill() {
        if (slapd == null) {
            return;
        }
        slapd.destroy();
        try {
            if (!slapd.waitFor(5, TimeUnit.SECONDS)) {
                slapd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slapd.destroyForcibly();
        }
    }

    /** The fixture's entries over the socket, minus memberOf: here the overlay computes it from member. */
    private static void load() throws Exception {
        String ldif = LdapDirectoryFixture.LDIF.lines()
                .filter(line -> !line.startsWith("memberOf:") && !line.equals("objectClass: extensibleObject"))
                .collect(Collectors.joining("\n"));
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port, ROOT_DN, ROOT_PASSWORD);
             LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                connection.add(entry);
            }
        }
    }

    private Authenticator build(Map<String, Object> config) throws Exception {
        config.put("cache", Map.of("ttl", "0s"));
        Authenticator authenticator = LdapTestSupport.build(config, new MetricRegistry());
        opened.add(authenticator);
        return authenticator;
    }

    private static Map<String, Object> config() {
        return LdapDirectoryFixture.backendConfig("ldap://127.0.0.1:" + port);
    }

    @Test
    void searchThenBindWithGroupsAndAttributes() throws Exception {
        Authenticator ldap = build(config());
        Identity alice = accepted(login(ldap, "Alice", "alice-secret"));
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.providerRoles()).containsExactlyInAnyOrder("analysts", "admins");
        assertThat(alice.attributes()).containsEntry("email", "alice@example.org").containsEntry("displayName", "Alice L.");
        assertThat(login(ldap, "alice", "wrong")).isEqualTo(login(ldap, "nobody", "alice-secret"))
                .isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(login(ldap, "alice", "")).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(login(ldap, "*)(uid=*))(|(uid=*", "alice-secret")).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(login(ldap, "ali*", "alice-secret")).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(accepted(login(ldap, "ann(qa)", "ann-secret")).providerRoles()).isEmpty();
    }

    @Test
    void nestedGroupsBySearchAndByMemberOf() throws Exception {
        Map<String, Object> bySearch = config();
        bySearch.put("nestedGroupDepth", 2);
        assertThat(accepted(login(build(bySearch), "carol", "carol-secret")).providerRoles())
                .containsExactlyInAnyOrder("platform", "engineering", "everyone");

        Map<String, Object> byMemberOf = config();
        byMemberOf.remove("groupSearchFilter");
        byMemberOf.put("memberOfAttribute", "memberOf");
        byMemberOf.put("nestedGroupDepth", 1);
        Authenticator ldap = build(byMemberOf);
        assertThat(accepted(login(ldap, "carol", "carol-secret")).providerRoles())
                .containsExactlyInAnyOrder("platform", "engineering");
        assertThat(accepted(login(ldap, "alice", "alice-secret")).providerRoles())
                .containsExactlyInAnyOrder("analysts", "admins");
    }

    @Test
    void directBind() throws Exception {
        Map<String, Object> config = config();
        config.remove("bindDn");
        config.remove("bindPassword");
        config.put("userDnPattern", "uid={0},ou=people,dc=example,dc=org");
        Authenticator ldap = build(config);
        assertThat(accepted(login(ldap, "bob", "bob-secret")).providerRoles()).containsExactly("analysts");
        assertThat(accepted(login(ldap, "lee,jr", "lee-secret")).username()).isEqualTo("lee,jr");
        assertThat(login(ldap, "bob", "wrong")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void slapdStoppedIsUnavailableAndServesAgainAfterRestart() throws Exception {
        Authenticator ldap = build(config());
        accepted(login(ldap, "bob", "bob-secret"));
        kill();
        assertThatThrownBy(() -> login(ldap, "bob", "bob-secret"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("ldap://127.0.0.1:" + port);
        launch();
        accepted(login(ldap, "bob", "bob-secret"));
    }
}
