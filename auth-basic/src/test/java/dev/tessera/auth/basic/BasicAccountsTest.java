package dev.tessera.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.LocalUserRecords;
import dev.tessera.auth.spi.LocalUsersFactory;
import io.dropwizard.jackson.Jackson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The local users Basic lets the server manage, over records the server keeps. */
class BasicAccountsTest {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    private static BasicAuthenticatorFactory parse(String json) throws Exception {
        return (BasicAuthenticatorFactory) MAPPER.readValue(json, AuthenticatorFactory.class);
    }

    @Test
    void itKeepsLocalUsersWhoseHashesTheServerStores() throws Exception {
        Map<String, String> stored = new ConcurrentHashMap<>();
        LocalUserAccounts accounts = ((LocalUsersFactory) parse("{\"type\":\"basic\"}")).accounts(new MapRecords(stored));
        assertThat(accounts.create("root", "Carol", "carol-password")).isTrue();
        assertThat(accounts.create("root", "CAROL", "other-password")).isFalse();
        assertThat(stored).containsOnlyKeys("carol");
        assertThat(stored).hasEntrySatisfying("carol",
                hash -> assertThat(new PasswordHasher().verify("carol-password", hash)).isTrue());

        assertThat(accounts.setPassword("root", "carol", "carol-password-2")).isTrue();
        assertThat(stored).hasEntrySatisfying("carol",
                hash -> assertThat(new PasswordHasher().verify("carol-password-2", hash)).isTrue());
        assertThat(accounts.setPassword("root", "nobody", "whatever-1")).isFalse();
        assertThat(accounts.delete("root", "Carol")).isTrue();
        assertThat(stored).isEmpty();
    }

    @Test
    void generatedPasswordsMeetTheRulesAndDiffer() throws Exception {
        LocalUserAccounts accounts = ((LocalUsersFactory) parse("{\"type\":\"basic\"}")).accounts(new MapRecords(Map.of()));
        String generated = accounts.generatePassword();
        assertThat(generated.length()).isBetween(accounts.minPasswordLength(), accounts.maxPasswordLength());
        assertThat(accounts.generatePassword()).isNotEqualTo(generated);
        assertThat(accounts.username(" ＡＬＩＣＥ ")).isEqualTo("alice");
    }

    /** The server's records, in a map. */
    private record MapRecords(Map<String, String> hashes) implements LocalUserRecords {
        @Override
        public Optional<String> passwordHash(String username) {
            return Optional.ofNullable(hashes.get(username));
        }

        @Override
        public boolean insert(String actor, String username, String passwordHash) {
            return hashes.putIfAbsent(username, passwordHash) == null;
        }

        @Override
        public boolean updatePasswordHash(String actor, String username, String passwordHash) {
            return hashes.replace(username, passwordHash) != null;
        }

        @Override
        public boolean delete(String actor, String username) {
            return hashes.remove(username) != null;
        }
    }
}
