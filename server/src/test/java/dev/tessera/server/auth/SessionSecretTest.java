package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SessionSecretTest {

    @Test
    void shortKnownOrRepetitiveSecretsRefuseStartUp() {
        assertThatThrownBy(() -> SessionSecret.checkStrength("short")).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SessionSecret.checkStrength("\\2\\1thisismyscretkey\\1\\2\\e\\y\\y\\h"))
                .hasMessageContaining("published default");
        assertThatThrownBy(() -> SessionSecret.checkStrength("CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET"))
                .hasMessageContaining("published default");
        assertThatThrownBy(() -> SessionSecret.checkStrength("abababababababababababababababababab"))
                .hasMessageContaining("too few characters");
    }

    @Test
    void aMissingSecretIsGeneratedOnceAndKept() throws Exception {
        Path dir = Files.createTempDirectory("tessera-secret");
        byte[] first = SessionSecret.resolve(null, dir);
        byte[] second = SessionSecret.resolve("", dir);
        assertThat(first).hasSize(48).isEqualTo(second);
        assertThat(Files.getPosixFilePermissions(dir.resolve("session.key")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void signedTokensRejectOtherPurposesAndTampering() {
        SignedTokens tokens = new SignedTokens(new byte[32], new com.fasterxml.jackson.databind.ObjectMapper(),
                java.time.Clock.systemUTC());
        String token = tokens.sign("session", tokens.newClaims().put("u", "bob"), java.time.Duration.ofMinutes(1));
        assertThat(tokens.verify("session", token)).isPresent();
        assertThat(tokens.verify("login-state", token)).isEmpty();
        assertThat(tokens.verify("session", token + "x")).isEmpty();
        String expired = tokens.sign("session", tokens.newClaims().put("u", "bob"), java.time.Duration.ofMinutes(-1));
        assertThat(tokens.verify("session", expired)).isEmpty();
    }
}
