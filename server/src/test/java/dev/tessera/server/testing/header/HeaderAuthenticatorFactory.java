package dev.tessera.server.testing.header;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import java.util.Map;
import java.util.Set;

/**
 * A backend that lives only in the test sources and reaches the server through its services file alone, to prove
 * the SPI is pluggable: {@code type: header} takes bearer tokens {@code PREFIX:user:role1,role2}.
 */
@JsonTypeName("header")
public class HeaderAuthenticatorFactory extends AbstractAuthenticatorFactory {

    @JsonProperty
    private String prefix = "test";

    @Override
    public Authenticator build(AuthEnvironment environment) {
        String backend = environment.backendName();
        return new Authenticator() {
            @Override
            public Set<CredentialKind> accepts() {
                return Set.of(CredentialKind.BEARER);
            }

            @Override
            public String challenge() {
                return "Bearer realm=\"header\"";
            }

            @Override
            public AuthOutcome authenticate(Credentials credentials) {
                if (!(credentials instanceof Credentials.Bearer bearer)) {
                    return AuthOutcome.notMine();
                }
                String[] parts = bearer.token().split(":", 3);
                if (!parts[0].equals(prefix)) {
                    return AuthOutcome.notMine();
                }
                if (parts.length < 2 || parts[1].isBlank()) {
                    return AuthOutcome.rejected("header token has no user");
                }
                Set<String> roles = parts.length == 3 ? Set.of(parts[2].split(",")) : Set.of();
                return AuthOutcome.accepted(new Identity(parts[1], backend, roles, Map.of()));
            }
        };
    }
}
