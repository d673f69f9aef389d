package dev.tessera.client.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jspecify.annotations.Nullable;

/**
 * Kerberos (SPNEGO) from the user's ticket cache, as {@code kinit} left it: one {@code Negotiate} token per request
 * for the service {@code HTTP@<host of the base URL>}. No password is ever handled; the KDC and realm come from
 * the usual krb5.conf ({@code java.security.krb5.conf} or the system one).
 */
public final class KerberosAuth implements ClientAuth {

    private static final String SPNEGO = "1.3.6.1.5.5.2";

    private final Subject subject;

    private KerberosAuth(Subject subject) {
        this.subject = subject;
    }

    /** The ticket cache {@code KRB5CCNAME} names (a {@code FILE:} cache), or the system default cache. */
    public static KerberosAuth fromTicketCache() throws IOException {
        String name = System.getenv("KRB5CCNAME");
        return fromTicketCache(name == null || name.isBlank() ? null : Path.of(name.replaceFirst("^FILE:", "")));
    }

    /** The ticket cache in {@code cache}, or the system default cache when null. */
    public static KerberosAuth fromTicketCache(@Nullable Path cache) throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("useTicketCache", "true");
        options.put("doNotPrompt", "true");
        options.put("refreshKrb5Config", "true");
        if (cache != null) {
            options.put("ticketCache", cache.toString());
        }
        Configuration fromCache = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext login = new LoginContext("tessera-client", new Subject(), callbacks -> { }, fromCache);
            login.login();
            return new KerberosAuth(login.getSubject());
        } catch (LoginException e) {
            throw new IOException("no usable Kerberos ticket" + (cache == null ? "" : " in " + cache)
                    + " (run kinit first): " + e.getMessage(), e);
        }
    }

    @Override
    public void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) throws IOException {
        request.setHeader("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token(baseUrl.getHost())));
    }

    // Subject.doAs is deprecated for removal only from Java 18 on; on 17 it is the way to use a Subject's tickets.
    private byte[] token(String host) throws IOException {
        PrivilegedExceptionAction<byte[]> initiate = () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName service = manager.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE);
            GSSContext context = manager.createContext(service, new Oid(SPNEGO), null, GSSContext.DEFAULT_LIFETIME);
            try {
                context.requestCredDeleg(false);
                return context.initSecContext(new byte[0], 0, 0);
            } finally {
                context.dispose();
            }
        };
        try {
            return Subject.doAs(subject, initiate);
        } catch (PrivilegedActionException e) {
            Exception cause = e.getException();
            String detail = cause instanceof GSSException gss ? gss.getMajorString() + ": " + gss.getMinorString()
                    : cause.getMessage();
            throw new IOException("cannot get a Kerberos ticket for HTTP@" + host + ": " + detail, cause);
        }
    }

    @Override
    public String toString() {
        return "KerberosAuth" + subject.getPrincipals();
    }
}
