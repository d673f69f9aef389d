package dev.tessera.server.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditWriterTest {

    private final StoreTransactions store = InMemoryStore.create();
    private final AuditWriter writer = new AuditWriter(store, Duration.ofSeconds(1));
    private final AuditLog log = new AuditLog(store, Clock.systemUTC(), writer);

    @Test
    void aFloodOfRefusedLoginsForOneNameBecomesAFewRowsAndOneSummary() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            writer.submit(new AuditWriter.Entry(start.plusMillis(i), "anonymous", "login.refused", "bob", "basic: wrong password"));
        }
        writer.submit(new AuditWriter.Entry(start, "anonymous", "login.refused", "alice", "basic: wrong password"));
        List<AuditLog.Entry> entries = log.entries(100, 0, Optional.of("login.refused"));

        assertThat(entries).hasSize(AuditWriter.KEPT_PER_KEY + 2);
        assertThat(entries.stream().filter(e -> e.target().equals("bob"))).hasSize(AuditWriter.KEPT_PER_KEY + 1);
        assertThat(entries.get(0).detail())
                .isEqualTo("997 more login.refused for 'bob' in 1.0 s, counted not listed; the last: basic: wrong password");
    }

    @Test
    void aFloodFromOneAddressNamesItInTheSummaryAndInEachRowKept() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            writer.submit(new AuditWriter.Entry(start.plusMillis(i * 60L), "anonymous", "login.refused", "bob",
                    "basic: wrong password", "10.0.0.7"));
        }
        List<AuditLog.Entry> entries = log.entries(100, 0, Optional.of("login.refused"));

        assertThat(entries.get(0).detail()).isEqualTo("997 more login.refused for 'bob' from 10.0.0.7 in 59.8 s, counted"
                + " not listed; the last: basic: wrong password");
        assertThat(entries.subList(1, entries.size())).extracting(AuditLog.Entry::detail)
                .containsOnly("from 10.0.0.7: basic: wrong password");
    }

    @Test
    void aFloodFromManyAddressesNamesTheFirstFewAndCountsTheRest() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<String> addresses = List.of("10.0.0.1", "10.0.0.2", "10.0.0.7", "10.0.0.7", "10.0.0.7", "10.0.0.8",
                "10.0.0.9", "10.0.0.8", "10.0.0.7");
        addresses.forEach(address -> writer.submit(
                new AuditWriter.Entry(at, "anonymous", "login.refused", "bob", "basic: wrong password", address)));
        List<AuditLog.Entry> entries = log.entries(100, 0, Optional.of("login.refused"));

        // The first three rows are kept as they came (10.0.0.1, .2, .7); of the six counted, .7, .8 and .9 are named.
        assertThat(entries).extracting(AuditLog.Entry::detail).anySatisfy(detail -> assertThat(detail)
                .startsWith("6 more login.refused for 'bob' from 10.0.0.7 (3), 10.0.0.8 (2), 10.0.0.9 (1) in 0.0 s"));
        writer.submit(new AuditWriter.Entry(at, "anonymous", "login.refused", "eve", "x", "10.0.0.1"));
        for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.4")) {
            writer.submit(new AuditWriter.Entry(at, "anonymous", "login.refused", "eve", "x", address));
        }
        assertThat(log.entries(1, 0, Optional.of("login.refused")).get(0).detail()).startsWith("4 more login.refused for"
                + " 'eve' from 10.0.0.3 (1), 10.0.0.4 (2), 10.0.0.5 (1) in 0.0 s");
    }

    @Test
    void writtenAtOnceTheEntryNamesItsAddressToo() {
        new AuditLog(store).recordLogin("login.refused", "carol", "basic: wrong password", "192.0.2.5");
        assertThat(new AuditLog(store).entries(1, 0, Optional.empty()).get(0).detail())
                .isEqualTo("from 192.0.2.5: basic: wrong password");
    }

    @Test
    void anEntryHeldIsReadableAtOnceOnThisServerAndWrittenOnStop() throws Exception {
        log.record("anonymous", "login.locked", "carol", "after repeated failed passwords");
        assertThat(log.entries(10, 0, Optional.empty())).extracting(AuditLog.Entry::target).containsExactly("carol");

        writer.start();
        log.record("anonymous", "login.refused", "dan", "basic: wrong password");
        writer.stop();
        assertThat(new AuditLog(store).entries(10, 0, Optional.empty())).extracting(AuditLog.Entry::target)
                .containsExactly("dan", "carol");
    }

    @Test
    void pastTheKeyLimitNamesAreCountedTogether() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < AuditWriter.MAX_KEYS + 50; i++) {
            writer.submit(new AuditWriter.Entry(at, "anonymous", "login.refused", "user" + i, "no such user"));
        }
        writer.flush();
        List<AuditLog.Entry> entries = new AuditLog(store).entries(1, 0, Optional.empty());
        assertThat(entries.get(0).target()).isEqualTo("*");
        assertThat(entries.get(0).detail()).startsWith("50 more login.refused for other names");
    }
}
