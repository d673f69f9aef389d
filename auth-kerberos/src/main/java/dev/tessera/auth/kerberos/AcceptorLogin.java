package dev.tessera.auth.kerberos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * Logs the service principal in from its keytab (as an acceptor, which needs no KDC) and acquires the GSS
 * acceptor credential. Every way the keytab can be wrong is checked here, so start-up fails with a message that
 * names the file and the principal instead of the first request failing with a GSS error.
 */
final class AcceptorLogin {

    static final Oid KRB5_MECHANISM = oid("1.2.840.113554.1.2.2");
    static final Oid SPNEGO_MECHANISM = oid("1.3.6.1.5.5.2");
    static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

    private final LoginContext loginContext;
    private final GSSCredential credential;

    private AcceptorLogin(LoginContext loginContext, GSSCredential credential) {
        this.loginContext = loginContext;
        this.credential = credential;
    }

    static AcceptorLogin login(String servicePrincipal, Path keytab) throws KerberosConfigurationException {
        String where = "keytab " + keytab.toAbsolutePath() + " (servicePrincipal " + servicePrincipal + ")";
        List<KeytabFile.Entry> entries = readEntries(keytab, where);
        List<KeytabFile.Entry> mine = entries.stream().filter(e -> e.principal().equals(servicePrincipal)).toList();
        if (mine.isEmpty()) {
            String held = entries.stream().map(KeytabFile.Entry::principal).distinct().collect(Collectors.joining(", "));
            throw new KerberosConfigurationException(where + " holds no key for " + servicePrincipal
                    + (held.isEmpty() ? "; it is empty" : "; it holds keys for: " + held)
                    + ". Export the key of " + servicePrincipal + " into it (AD: ktpass -princ; MIT: kadmin ktadd)"
                    + " or set servicePrincipal to the name the keytab holds.");
        }
        LoginContext context = jaasLogin(servicePrincipal, keytab, where);
        // Only now is the krb5 configuration loaded (the login refreshes it), which decides the usable enctypes.
        KeyTab jdkKeytab = KeyTab.getInstance(new KerberosPrincipal(servicePrincipal), keytab.toFile());
        if (jdkKeytab.getKeys(new KerberosPrincipal(servicePrincipal)).length == 0) {
            logoutQuietly(context);
            String types = mine.stream().map(KeytabFile.Entry::encryptionTypeName).distinct()
                    .collect(Collectors.joining(", "));
            throw new KerberosConfigurationException(where + " holds keys for " + servicePrincipal
                    + " only of encryption types this JVM does not use (" + types + "). Re-create the keytab with "
                    + "aes256-cts-hmac-sha1-96 (AD: ktpass -crypto AES256-SHA1; MIT: ktadd -e aes256-cts-hmac-sha1-96)"
                    + " and enable AES for the account.");
        }
        try {
            GSSCredential credential = Subject.doAs(context.getSubject(), acquire(servicePrincipal));
            return new AcceptorLogin(context, credential);
        } catch (PrivilegedActionException e) {
            logoutQuietly(context);
            throw new KerberosConfigurationException("cannot acquire an acceptor credential from " + where + ": "
                    + e.getException().getMessage(), e.getException());
        }
    }

    GSSCredential credential() {
        return credential;
    }

    void logout() {
        try {
            credential.dispose();
        } catch (GSSException ignored) {
            // closing anyway
        }
        logoutQuietly(loginContext);
    }

    private static List<KeytabFile.Entry> readEntries(Path keytab, String where) throws KerberosConfigurationException {
        if (!Files.exists(keytab)) {
            throw new KerberosConfigurationException(where + " does not exist");
        }
        if (!Files.isRegularFile(keytab) || !Files.isReadable(keytab)) {
            throw new KerberosConfigurationException(where + " cannot be read by this process (user "
                    + System.getProperty("user.name") + "); make it a file readable by that user only (chmod 400)");
        }
        Optional<List<KeytabFile.Entry>> entries;
        try {
            entries = KeytabFile.read(keytab);
        } catch (IOException e) {
            throw new KerberosConfigurationException(where + " cannot be read: " + e.getMessage(), e);
        }
        return entries.orElseThrow(() -> new KerberosConfigurationException(where + " is not a keytab file"));
    }

    private static LoginContext jaasLogin(String servicePrincipal, Path keytab, String where)
            throws KerberosConfigurationException {
        Map<String, String> options = Map.of(
                "useKeyTab", "true",
                "keyTab", keytab.toAbsolutePath().toString(),
                "principal", servicePrincipal,
                "storeKey", "true",
                "isInitiator", "false",
                "doNotPrompt", "true",
                "refreshKrb5Config", "true");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext context = new LoginContext("tessera-kerberos-acceptor", new Subject(), null, configuration);
            context.login();
            return context;
        } catch (LoginException e) {
            throw new KerberosConfigurationException("Kerberos login from " + where + " failed: " + e.getMessage(), e);
        }
    }

    private static PrivilegedExceptionAction<GSSCredential> acquire(String servicePrincipal) {
        return () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName name = manager.createName(servicePrincipal, KRB5_PRINCIPAL_NAME);
            return manager.createCredential(name, GSSCredential.INDEFINITE_LIFETIME,
                    new Oid[] {KRB5_MECHANISM, SPNEGO_MECHANISM}, GSSCredential.ACCEPT_ONLY);
        };
    }

    private static void logoutQuietly(LoginContext context) {
        try {
            context.logout();
        } catch (LoginException ignored) {
            // nothing held that outlives the JVM
        }
    }

    private static Oid oid(String value) {
        try {
            return new Oid(value);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
