package dev.tessera.auth.kerberos.testing;

import dev.tessera.auth.kerberos.KerberosAuthenticatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * An in-process KDC (Apache Kerby) for tests, here and in the server module:
 * <ul>
 *   <li>realm {@link #REALM} on a free TCP port of 127.0.0.1 (UDP off);</li>
 *   <li>users {@link #ALICE}, {@link #BOB} and {@link #ALICE_ADMIN}, each with {@link #passwordOf(String)};</li>
 *   <li>the service principal {@code HTTP/localhost@REALM} exported to {@link #keytab()} (an SPN is built from the
 *       URL's host, so clients must call {@code http://localhost:PORT/});</li>
 *   <li>a {@link #krb5Conf()} for both JDK and MIT clients (MIT tools: {@code KRB5_CONFIG}, see {@link MitTools}).</li>
 * </ul>
 * JGSS settings are JVM-wide: use one fixture per JVM (Failsafe forks per IT class here). {@link #client} points
 * {@code java.security.krb5.conf} at this fixture's file.
 */
public final class KdcFixture implements AutoCloseable {

    public static final String REALM = "TESSERA.TEST";
    public static final String FOREIGN_REALM = "FOREIGN.TEST";
    public static final String SERVICE_HOST = "localhost";
    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String ALICE_ADMIN = "alice/admin";

    private static final String ENCTYPES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";

    private final String realm;
    private final Path workDir;
    private final SimpleKdcServer kdc;
    private final int port;
    private final Map<String, Integer> trustedRealms = new LinkedHashMap<>();
    private final Map<String, SpnegoClient> clients = new ConcurrentHashMap<>();
    private String homeRealmOfServices;
    private boolean running;

    private KdcFixture(String realm, Path workDir, SimpleKdcServer kdc, int port) {
        this.realm = realm;
        this.workDir = workDir;
        this.kdc = kdc;
        this.port = port;
        this.homeRealmOfServices = realm;
    }

    /** A KDC for {@link #REALM} with the standard users and the {@code HTTP/localhost} keytab. */
    public static KdcFixture start() throws Exception {
        return start(REALM);
    }

    public static KdcFixture start(String realm) throws Exception {
        Path workDir = Files.createTempDirectory("tessera-kdc-" + realm.toLowerCase(Locale.ROOT) + "-");
        int port = freePort();
        SimpleKdcServer kdc = new SimpleKdcServer();
        kdc.setWorkDir(workDir.toFile());
        // Kerby keeps startup options (realm, host, ports) in static enum state shared by every KDC of the JVM;
        // an empty option makes each KDC fall back to its own KdcConfig, so two realms can run side by side.
        kdc.setKdcRealm("");
        kdc.getKdcConfig().setString(KdcConfigKey.KDC_REALM, realm);
        kdc.setKdcHost("127.0.0.1");
        kdc.setAllowUdp(false);
        kdc.setAllowTcp(true);
        kdc.setKdcTcpPort(port);
        kdc.getKdcConfig().setString(KdcConfigKey.ENCRYPTION_TYPES, ENCTYPES);
        kdc.init();
        kdc.start();
        KdcFixture fixture = new KdcFixture(realm, workDir, kdc, port);
        fixture.running = true;
        for (String user : new String[] {ALICE, BOB, ALICE_ADMIN}) {
            fixture.addUser(user);
        }
        kdc.createPrincipal(fixture.servicePrincipal());
        kdc.exportPrincipal(fixture.servicePrincipal(), fixture.keytab().toFile());
        fixture.writeKrb5Conf();
        fixture.useForThisJvm(); // Kerby's init pointed it at its own file, which its stop() deletes
        return fixture;
    }

    /** The password every fixture user has: {@code alice} → {@code alice-Secret1}. */
    public static String passwordOf(String user) {
        return user.replace('/', '-') + "-Secret1";
    }

    /** Adds a user principal ({@code name@REALM}) with {@link #passwordOf(String)}. */
    public KdcFixture addUser(String name) throws KrbException {
        kdc.createPrincipal(principal(name), passwordOf(name));
        return this;
    }

    /** Adds a principal with a random key and exports it to its own keytab (a service this server is not). */
    public Path addServiceWithKeytab(String principalWithoutRealm, String fileName) throws KrbException {
        Path file = workDir.resolve(fileName);
        kdc.createPrincipal(principal(principalWithoutRealm));
        kdc.exportPrincipal(principal(principalWithoutRealm), file.toFile());
        return file;
    }

    /**
     * Lets the users of {@code foreign} get tickets for this realm's services (one-way cross-realm trust), as a
     * second AD forest or MIT realm would. Both fixtures' krb5.conf then know both realms.
     */
    public KdcFixture trust(KdcFixture foreign) throws Exception {
        String crossRealmTgt = "krbtgt/" + realm + "@" + foreign.realm;
        String shared = "cross-realm-" + realm + "-" + foreign.realm; // same name + password = same keys
        kdc.createPrincipal(crossRealmTgt, shared);
        foreign.kdc.createPrincipal(crossRealmTgt, shared);
        trustedRealms.put(foreign.realm, foreign.port);
        foreign.trustedRealms.put(realm, port);
        foreign.homeRealmOfServices = realm;
        writeKrb5Conf();
        foreign.writeKrb5Conf();
        return this;
    }

    public String realm() {
        return realm;
    }

    /** The KDC's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    public Path workDir() {
        return workDir;
    }

    /** {@code name@REALM}. */
    public String principal(String name) {
        return name + "@" + realm;
    }

    /** {@code HTTP/localhost@REALM}. */
    public String servicePrincipal() {
        return "HTTP/" + SERVICE_HOST + "@" + realm;
    }

    /** Holds the key of {@link #servicePrincipal()}. */
    public Path keytab() {
        return workDir.resolve("http.keytab");
    }

    /** A krb5.conf for clients and for the server ({@code krb5Config}). */
    public Path krb5Conf() {
        return workDir.resolve("tessera-krb5.conf"); // Kerby writes and deletes its own krb5.conf
    }

    /** A factory for this KDC, as {@code type: kerberos} with servicePrincipal, keytab and krb5Config. */
    public KerberosAuthenticatorFactory factory() {
        KerberosAuthenticatorFactory factory = new KerberosAuthenticatorFactory();
        factory.setServicePrincipal(servicePrincipal());
        factory.setKeytab(keytab().toString());
        factory.setKrb5Config(krb5Conf().toString());
        return factory;
    }

    /** The same as {@link #factory()} as a config.yml list entry, for tests that write a config file. */
    public String configYaml(String indent) {
        return indent + "- type: kerberos\n"
                + indent + "  servicePrincipal: " + servicePrincipal() + "\n"
                + indent + "  keytab: " + keytab() + "\n"
                + indent + "  krb5Config: " + krb5Conf() + "\n";
    }

    /** Points {@code java.security.krb5.conf} at this fixture (JVM-wide). */
    public void useForThisJvm() {
        System.setProperty("java.security.krb5.conf", krb5Conf().toString());
    }

    /** A JGSS initiator logged in as {@code name@REALM} with its password; cached per user. */
    public SpnegoClient client(String name) {
        useForThisJvm();
        return clients.computeIfAbsent(name, n -> SpnegoClient.login(principal(n), passwordOf(n)));
    }

    /** A fresh SPNEGO token from {@code user} for {@code HTTP/localhost} of the realm that hosts the services. */
    public byte[] spnegoToken(String user) {
        try (SpnegoClient.Handshake handshake = client(user).handshake(serviceRealmPrincipal())) {
            return handshake.token();
        }
    }

    /** {@code Negotiate <base64>}, a fresh token for each call (a token can be used once). */
    public String negotiateHeader(String user) {
        try (SpnegoClient.Handshake handshake = client(user).handshake(serviceRealmPrincipal())) {
            return handshake.authorizationHeader();
        }
    }

    /** Environment for MIT tools: {@code KRB5_CONFIG} and {@code KRB5CCNAME}. */
    public Map<String, String> mitEnvironment(Path credentialCache) {
        return Map.of("KRB5_CONFIG", krb5Conf().toString(), "KRB5CCNAME", "FILE:" + credentialCache);
    }

    /** Stops the KDC and keeps its files: a server with a keytab must still start and accept tickets. */
    public void stopKdc() throws KrbException {
        if (running) {
            kdc.stop();
            running = false;
        }
    }

    @Override
    public void close() throws KrbException, IOException {
        clients.values().forEach(SpnegoClient::logout);
        stopKdc();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String serviceRealmPrincipal() {
        return "HTTP/" + SERVICE_HOST + "@" + homeRealmOfServices;
    }

    private void writeKrb5Conf() {
        StringBuilder conf = new StringBuilder()
                .append("[libdefaults]\n")
                .append("    default_realm = ").append(realm).append('\n')
                .append("    udp_preference_limit = 1\n") // TCP only: the KDC has no UDP listener
                .append("    dns_lookup_kdc = false\n")
                .append("    dns_lookup_realm = false\n")
                .append("    dns_canonicalize_hostname = false\n") // MIT: keep HTTP/localhost as it is
                .append("    rdns = false\n")
                .append("    default_tkt_enctypes = ").append(ENCTYPES).append('\n')
                .append("    default_tgs_enctypes = ").append(ENCTYPES).append('\n')
                .append("    permitted_enctypes = ").append(ENCTYPES).append('\n')
                .append("    ticket_lifetime = 1h\n")
                .append("    forwardable = false\n")
                .append("\n[realms]\n");
        Map<String, Integer> realms = new LinkedHashMap<>();
        realms.put(realm, port);
        realms.putAll(trustedRealms);
        realms.forEach((name, kdcPort) -> conf.append("    ").append(name).append(" = {\n        kdc = 127.0.0.1:")
                .append(kdcPort).append("\n    }\n"));
        conf.append("\n[domain_realm]\n    ").append(SERVICE_HOST).append(" = ").append(homeRealmOfServices).append('\n');
        if (!trustedRealms.isEmpty()) {
            conf.append("\n[capaths]\n");
            for (String client : realms.keySet()) {
                for (String server : realms.keySet()) {
                    if (!client.equals(server)) {
                        conf.append("    ").append(client).append(" = {\n        ").append(server)
                                .append(" = .\n    }\n");
                    }
                }
            }
        }
        try {
            Files.writeString(krb5Conf(), conf.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
