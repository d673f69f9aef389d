package dev.tessera.auth.ldap;

import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Which certificates an {@code ldaps://} or StartTLS connection trusts: a configured trust store, else the JVM's. */
final class TrustSettings {

    private TrustSettings() {}

    static SSLUtil sslUtil(String trustStore, String password, String type) {
        if (trustStore == null) {
            return new SSLUtil(JVMDefaultTrustManager.getInstance());
        }
        char[] pin = password == null ? null : password.toCharArray();
        checkLoads(Path.of(trustStore), pin, type);
        return new SSLUtil(new TrustStoreTrustManager(trustStore, pin, type, true));
    }

    /** Fails at start-up, naming the file, rather than at the first TLS handshake. */
    private static void checkLoads(Path trustStore, char[] password, String type) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            if (store.size() == 0) {
                throw new IllegalArgumentException("trustStore " + trustStore + " holds no certificate");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore " + trustStore + " cannot be read as " + type
                    + " (check trustStoreType and trustStorePassword): " + e.getMessage(), e);
        }
    }
}
