package dev.tessera.auth.kerberos;

import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.http.Challenges;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPNEGO ({@code Authorization: Negotiate}, RFC 4559) with the JDK's JGSS as acceptor, one round per request.
 * Kerberos proves who the caller is and nothing more: the identity carries no provider roles.
 * Tokens are never logged; principals are.
 */
public final class KerberosAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(KerberosAuthenticator.class);

    private final String backend;
    private final AcceptorLogin acceptor;
    private final PrincipalMapper mapper;

    KerberosAuthenticator(String backend, AcceptorLogin acceptor, PrincipalMapper mapper) {
        this.backend = backend;
        this.acceptor = acceptor;
        this.mapper = mapper;
    }

    @Override
    public Set<CredentialKind> accepts() {
        return Set.of(CredentialKind.NEGOTIATE);
    }

    @Override
    public String challenge() {
        return Challenges.negotiate();
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        if (!(credentials instanceof Credentials.Negotiate negotiate)) {
            return AuthOutcome.notMine();
        }
        byte[] token = negotiate.token();
        if (token.length == 0) {
            return refuse("the Negotiate token is empty");
        }
        if (NegotiateTokens.isRawNtlm(token)) {
            return refuse(NegotiateTokens.NTLM_REASON);
        }
        GSSContext context = null;
        try {
            context = GSSManager.getInstance().createContext(acceptor.credential());
            byte[] response = context.acceptSecContext(token, 0, token.length);
            if (!context.isEstablished()) {
                return refuse(NegotiateTokens.offersOnlyNtlm(token) ? NegotiateTokens.NTLM_REASON
                        : "the client offered no Kerberos ticket this server can accept in one round");
            }
            return accept(context.getSrcName().toString(), response);
        } catch (GSSException e) {
            if (NegotiateTokens.offersOnlyNtlm(token)) {
                return refuse(NegotiateTokens.NTLM_REASON);
            }
            String reason = NegotiateTokens.reason(e);
            if (NegotiateTokens.isKeyMismatch(String.valueOf(e.getMessage()))) {
                LOG.warn("backend {}: a client's ticket does not match the keytab: {} ({})", backend, reason,
                        e.getMessage());
            }
            return refuse(reason);
        } catch (RuntimeException e) {
            // JGSS parsers have been known to throw unchecked exceptions on crafted input; never a 500.
            LOG.debug("backend {}: acceptor failed on a {}-byte token", backend, token.length, e);
            return refuse("the Negotiate token is malformed or truncated");
        } finally {
            dispose(context);
        }
    }

    private AuthOutcome accept(String principal, byte[] response) {
        PrincipalMapper.Result mapped = mapper.map(principal);
        if (mapped instanceof PrincipalMapper.Result.Refused refused) {
            LOG.info("backend {}: refused Kerberos principal {}: {}", backend, principal, refused.reason());
            return AuthOutcome.rejected(refused.reason());
        }
        String username = ((PrincipalMapper.Result.Mapped) mapped).username();
        LOG.debug("backend {}: Kerberos principal {} is user {}", backend, principal, username);
        Identity identity = new Identity(username, backend, Set.of(), Map.of("principal", principal));
        Optional<String> mutual = response == null || response.length == 0
                ? Optional.empty()
                : Optional.of(Challenges.negotiate() + " " + Base64.getEncoder().encodeToString(response));
        return new AuthOutcome.Accepted(identity, mutual);
    }

    private AuthOutcome refuse(String reason) {
        LOG.info("backend {}: refused a Negotiate token: {}", backend, reason);
        return AuthOutcome.rejected(reason);
    }

    private static void dispose(@Nullable GSSContext context) {
        if (context != null) {
            try {
                context.dispose();
            } catch (GSSException ignored) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() {
        acceptor.logout();
    }
}
