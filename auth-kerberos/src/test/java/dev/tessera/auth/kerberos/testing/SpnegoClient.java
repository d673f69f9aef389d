package dev.tessera.auth.kerberos.testing;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * A Kerberos user as a browser on the domain would be: logged in with a password (a TGT in a JAAS Subject), able
 * to make SPNEGO tokens for a service and to check the server's mutual-authentication answer.
 */
public final class SpnegoClient {

    private static final String KRB5_PRINCIPAL_NAME = "1.2.840.113554.1.2.2.1";
    private static final String SPNEGO = "1.3.6.1.5.5.2";

    private final String principal;
    private final LoginContext login;

    private SpnegoClient(String principal, LoginContext login) {
        this.principal = principal;
        this.login = login;
    }

    /** Gets a TGT for {@code principal} from the KDC named by {@code java.security.krb5.conf}. */
    public static SpnegoClient login(String principal, String password) {
        Map<String, String> options = Map.of("principal", principal, "refreshKrb5Config", "true",
                "useTicketCache", "false", "storeKey", "false");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext login = new LoginContext("tessera-test-client", new Subject(), callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(principal);
                    } else if (callback instanceof PasswordCallback pass) {
                        pass.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            }, configuration);
            login.login();
            return new SpnegoClient(principal, login);
        } catch (LoginException e) {
            throw new IllegalStateException("Kerberos login of " + principal + " failed: " + e.getMessage(), e);
        }
    }

    public String principal() {
        return principal;
    }

    /** Starts a SPNEGO handshake with mutual authentication for {@code servicePrincipal} (with its realm). */
    public Handshake handshake(String servicePrincipal) {
        PrivilegedExceptionAction<Handshake> start = () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName service = manager.createName(servicePrincipal, new Oid(KRB5_PRINCIPAL_NAME));
            GSSContext context = manager.createContext(service, new Oid(SPNEGO), null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            context.requestCredDeleg(false);
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            return new Handshake(context, token);
        };
        try {
            return Subject.doAs(login.getSubject(), start);
        } catch (PrivilegedActionException e) {
            throw new IllegalStateException(principal + " cannot get a ticket for " + servicePrincipal + ": "
                    + e.getException().getMessage(), e.getException());
        }
    }

    void logout() {
        try {
            login.logout();
        } catch (LoginException ignored) {
            // test clean-up
        }
    }

    /** One initiator context: its first token, and the check of the acceptor's answer. */
    public static final class Handshake implements AutoCloseable {
        private final GSSContext context;
        private final byte[] token;

        private Handshake(GSSContext context, byte[] token) {
            this.context = context;
            this.token = token;
        }

        public byte[] token() {
            return token.clone();
        }

        /** {@code Negotiate <base64 token>}, for the {@code Authorization} header. */
        public String authorizationHeader() {
            return "Negotiate " + Base64.getEncoder().encodeToString(token);
        }

        /**
         * Feeds the server's {@code WWW-Authenticate: Negotiate <token>} to the initiator.
         *
         * @return true when the context is established and the server proved it holds the service key
         */
        public boolean acceptsServerResponse(String wwwAuthenticate) throws GSSException {
            String value = wwwAuthenticate.strip();
            if (!value.regionMatches(true, 0, "Negotiate ", 0, "Negotiate ".length())) {
                return false;
            }
            byte[] response = Base64.getDecoder().decode(value.substring("Negotiate ".length()).strip());
            context.initSecContext(response, 0, response.length);
            return context.isEstablished() && context.getMutualAuthState();
        }

        @Override
        public void close() {
            try {
                context.dispose();
            } catch (GSSException ignored) {
                // test clean-up
            }
        }
    }
}
