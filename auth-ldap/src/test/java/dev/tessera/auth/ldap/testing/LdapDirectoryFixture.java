package dev.tessera.auth.ldap.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A real LDAP directory for tests: UnboundID's {@link InMemoryDirectoryServer} listening on loopback TCP, with a
 * plain listener (which also offers StartTLS) and an {@code ldaps://} listener whose self-signed certificate
 * (for {@code localhost} and {@code 127.0.0.1}) is trusted by {@link #trustStore()}.
 *
 * <p>Contents ({@link #LDIF}), under {@code dc=example,dc=org}:
 * <pre>
 * ou=people   alice  (analysts, admins)  password alice-secret, mail, displayName
 *             bob    (analysts)          password bob-secret
 *             carol  (platform)          password carol-secret; platform is in engineering, engineering in everyone;
 *                                        her entry spells her name {@code uid: Carol} (the DN says uid=carol)
 *             dave   (no group)          password dave-secret
 *             lee,jr / ann(qa)           passwords lee-secret / ann-secret: names that need DN / filter escaping
 * ou=groups   groupOfNames with member; users and groups also carry memberOf (as Active Directory does)
 * ou=services cn=tessera                 the service account, {@link #BIND_DN} / {@link #BIND_PASSWORD}
 * </pre>
 *
 * <pre>{@code
 * try (LdapDirectoryFixture directory = LdapDirectoryFixture.start()) {
 *     Map<String, Object> backend = directory.backendConfig(); // an auth.backends entry, type: ldap
 *     directory.stop();     // the directory is down (connections refused)
 *     directory.restart();  // back on the same ports with the same data
 * }
 * }</pre>
 */
public final class LdapDirectoryFixture implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=org";
    public static final String BIND_DN = "cn=tessera,ou=services,dc=example,dc=org";
    public static final String BIND_PASSWORD = "service-secret";
    /** Root credentials, for tests that change entries over the wire. */
    public static final String MANAGER_DN = "cn=Directory Manager";
    public static final String MANAGER_PASSWORD = "manager-secret";
    public static final String TRUST_STORE_PASSWORD = "changeit";
    public static final String TRUST_STORE_TYPE = "PKCS12";

    /** Usernames and their passwords. */
    public static final Map<String, String> PASSWORDS = Map.of("alice", "alice-secret", "bob", "bob-secret",
            "carol", "carol-secret", "dave", "dave-secret", "lee,jr", "lee-secret", "ann(qa)", "ann-secret");

    /** The directory contents; memberOf is stored as written (Active Directory computes it). */
    public static final String LDIF = """
            dn: dc=example,dc=org
            objectClass: top
            objectClass: domain
            dc: example

            dn: ou=people,dc=example,dc=org
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,dc=example,dc=org
            objectClass: organizationalUnit
            ou: groups

            dn: ou=services,dc=example,dc=org
            objectClass: organizationalUnit
            ou: services

            dn: cn=tessera,ou=services,dc=example,dc=org
            objectClass: person
            cn: tessera
            sn: service
            userPassword: service-secret

            dn: uid=alice,ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            objectClass: extensibleObject
            uid: alice
            cn: Alice Liddell
            sn: Liddell
            displayName: Alice L.
            mail: alice@example.org
            userPassword: alice-secret
            memberOf: cn=analysts,ou=groups,dc=example,dc=org
            memberOf: cn=admins,ou=groups,dc=example,dc=org

            dn: uid=bob,ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            objectClass: extensibleObject
            uid: bob
            cn: Bob Builder
            sn: Builder
            mail: bob@example.org
            userPassword: bob-secret
            memberOf: cn=analysts,ou=groups,dc=example,dc=org

            dn: uid=carol,ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            objectClass: extensibleObject
            uid: Carol
            cn: Carol Danvers
            sn: Danvers
            userPassword: carol-secret
            memberOf: cn=platform,ou=groups,dc=example,dc=org

            dn: uid=dave,ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            uid: dave
            cn: Dave Null
            sn: Null
            userPassword: dave-secret

            dn: uid=lee\\,jr,ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            uid: lee,jr
            cn: Lee Junior
            sn: Junior
            userPassword: lee-secret

            dn: uid=ann(qa),ou=people,dc=example,dc=org
            objectClass: inetOrgPerson
            uid: ann(qa)
            cn: Ann QA
            sn: QA
            userPassword: ann-secret

            dn: cn=analysts,ou=groups,dc=example,dc=org
            objectClass: groupOfNames
            cn: analysts
            member: uid=alice,ou=people,dc=example,dc=org
            member: uid=bob,ou=people,dc=example,dc=org

            dn: cn=admins,ou=groups,dc=example,dc=org
            objectClass: groupOfNames
            cn: admins
            member: uid=alice,ou=people,dc=example,dc=org

            dn: cn=platform,ou=groups,dc=example,dc=org
            objectClass: groupOfNames
            objectClass: extensibleObject
            cn: platform
            member: uid=carol,ou=people,dc=example,dc=org
            memberOf: cn=engineering,ou=groups,dc=example,dc=org

            dn: cn=engineering,ou=groups,dc=example,dc=org
            objectClass: groupOfNames
            objectClass: extensibleObject
            cn: engineering
            member: cn=platform,ou=groups,dc=example,dc=org
            memberOf: cn=everyone,ou=groups,dc=example,dc=org

            dn: cn=everyone,ou=groups,dc=example,dc=org
            objectClass: groupOfNames
            cn: everyone
            member: cn=engineering,ou=groups,dc=example,dc=org
            """;

    /** What the standard schema lacks: Active Directory's memberOf, RFC 2307's memberUid (compared case-exactly). */
    // CHECKSTYLE.OFF: LineLength - an LDAP schema definition is one line, and this text block is read as LDIF
    private static final String EXTRA_SCHEMA = """
            dn: cn=schema
            objectClass: top
            objectClass: ldapSubentry
            objectClass: subschema
            cn: schema
            attributeTypes: ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
            attributeTypes: ( 1.3.6.1.1.1.1.12 NAME 'memberUid' EQUALITY caseExactIA5Match SUBSTR caseExactIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
            """;
    // CHECKSTYLE.ON: LineLength

    private final Path directory;
    private final Path keyStore;
    private final Path trustStore;
    private InMemoryDirectoryServer server;
    private int ldapPort;
    private int ldapsPort;
    private byte[] dataWhileStopped;
    private final AtomicInteger bindRequests = new AtomicInteger();

    private LdapDirectoryFixture(Path directory) throws Exception {
        this.directory = directory;
        this.keyStore = directory.resolve("server-keystore.p12");
        this.trustStore = directory.resolve("truststore.p12");
        generateCertificate(keyStore, trustStore);
        this.server = newServer(0, 0);
        server.importFromLDIF(true, new LDIFReader(stream(LDIF)));
        server.startListening();
        this.ldapPort = server.getListenPort("LDAP");
        this.ldapsPort = server.getListenPort("LDAPS");
    }

    /** Starts a directory on free loopback ports. */
    public static LdapDirectoryFixture start() throws Exception {
        return new LdapDirectoryFixture(Files.createTempDirectory("tessera-ldap-fixture"));
    }

    /** {@code ldap://127.0.0.1:port}; offers StartTLS with the same certificate as {@link #ldapsUrl()}. */
    public String ldapUrl() {
        return "ldap://127.0.0.1:" + ldapPort;
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + ldapsPort;
    }

    public int ldapPort() {
        return ldapPort;
    }

    public int ldapsPort() {
        return ldapsPort;
    }

    /** A PKCS12 trust store ({@link #TRUST_STORE_PASSWORD}) holding the directory's self-signed certificate. */
    public Path trustStore() {
        return trustStore;
    }

    /** The running server, to add or change entries directly. */
    public InMemoryDirectoryServer server() {
        return server;
    }

    /**
     * A search-then-bind {@code auth.backends} entry for this directory over plain {@code ldap://}: groups found by
     * {@code (member={0})} under {@code ou=groups}, names from {@code cn}, usernames lower-cased. Tests change
     * keys in the returned (mutable) map.
     */
    public Map<String, Object> backendConfig() {
        return backendConfig(ldapUrl());
    }

    /** The same entry for any directory holding {@link #LDIF}, at {@code url}. */
    public static Map<String, Object> backendConfig(String url) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "ldap");
        config.put("urls", new ArrayList<>(List.of(url)));
        config.put("baseDn", BASE_DN);
        config.put("bindDn", BIND_DN);
        config.put("bindPassword", BIND_PASSWORD);
        config.put("userSearchBase", "ou=people");
        config.put("userSearchFilter", "(uid={0})");
        config.put("groupSearchBase", "ou=groups");
        config.put("groupSearchFilter", "(member={0})");
        config.put("groupRoleAttribute", "cn");
        config.put("usernameCaseConversion", "lower");
        config.put("connectTimeout", "2s");
        config.put("responseTimeout", "2s");
        return config;
    }

    /** Bind requests the directory has received (over the wire, from any client) since it started. */
    public int bindRequestCount() {
        return bindRequests.get();
    }

    /** Changes a user's password in place, as an administrator would. */
    public void setPassword(String uid, String newPassword) throws LDAPException {
        server.modify("uid=" + uid + ",ou=people," + BASE_DN,
                new Modification(ModificationType.REPLACE, "userPassword", newPassword));
    }

    /** Takes the directory down: open connections are closed and new ones refused, until {@link #restart()}. */
    public synchronized void stop() throws LDAPException, IOException {
        if (dataWhileStopped != null) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server.exportToLDIF(new com.unboundid.ldif.LDIFWriter(out), false, false, true);
        dataWhileStopped = out.toByteArray();
        server.shutDown(true);
    }

    /** Brings the directory back on the same ports with the data it had when stopped. */
    public synchronized void restart() throws Exception {
        if (dataWhileStopped == null) {
            return;
        }
        server = newServer(ldapPort, ldapsPort);
        server.importFromLDIF(true, new LDIFReader(new ByteArrayInputStream(dataWhileStopped)));
        server.startListening();
        dataWhileStopped = null;
    }

    @Override
    public synchronized void close() throws IOException {
        server.shutDown(true);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private InMemoryDirectoryServer newServer(int plainPort, int tlsPort) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.addAdditionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD);
        config.setAccessLogHandler(new BindCounter());
        Entry extraSchema = new LDIFReader(stream(EXTRA_SCHEMA)).readEntry();
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(extraSchema)));
        SSLUtil tls = new SSLUtil(new KeyStoreKeyManager(keyStore.toFile(), TRUST_STORE_PASSWORD.toCharArray(),
                "PKCS12", "server-cert"), new TrustAllTrustManager());
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("LDAP", loopback, plainPort, tls.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("LDAPS", loopback, tlsPort,
                        tls.createSSLServerSocketFactory(), tls.createSSLSocketFactory()));
        return new InMemoryDirectoryServer(config);
    }

    /** A self-signed certificate for localhost and 127.0.0.1, and a trust store holding only that certificate. */
    private static void generateCertificate(Path keyStore, Path trustStore) throws IOException,
            GeneralSecurityException {
        OutputStream quiet = OutputStream.nullOutputStream();
        var result = ManageCertificates.main(null, quiet, quiet, "generate-self-signed-certificate",
                "--keystore", keyStore.toString(), "--keystore-password", TRUST_STORE_PASSWORD,
                "--keystore-type", "PKCS12", "--alias", "server-cert",
                "--subject-dn", "CN=localhost,O=Tessera test directory",
                "--subject-alternative-name-dns", "localhost", "--subject-alternative-name-ip-address", "127.0.0.1",
                "--key-algorithm", "EC", "--key-size-bits", "256", "--signature-algorithm", "SHA256withECDSA",
                "--days-valid", "7");
        if (!com.unboundid.ldap.sdk.ResultCode.SUCCESS.equals(result)) {
            throw new IllegalStateException("could not generate the test certificate: " + result);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, TRUST_STORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(TRUST_STORE_TYPE);
        trusted.load(null, null);
        trusted.setCertificateEntry("tessera-test-directory", keys.getCertificate("server-cert"));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    /** Counts bind requests in the server's access log, so a test can prove a bind never happened. */
    private final class BindCounter extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains(" BIND REQUEST ")) {
                bindRequests.incrementAndGet();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
