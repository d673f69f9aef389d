package dev.tessera.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the store must hold after a crash, key by key (a user's role, a user's password, a session cookie): the
 * last value the server acknowledged, or the one whose request was in flight when it died, which may or may not
 * have landed. Each key is written by one thread at a time, so at most one value is in flight for it.
 */
final class AcknowledgedWrites {

    private record Expected(String acknowledged, String inFlight) {
        boolean allows(String actual) {
            return Objects.equals(actual, acknowledged) || (inFlight != null && inFlight.equals(actual));
        }
    }

    private final Map<String, Expected> keys = new ConcurrentHashMap<>();
    private final Map<String, Integer> acknowledgedByKind = new ConcurrentHashMap<>();

    /** A value the store is known to hold already (checked, or set up before the crash rounds). */
    void known(String key, String value) {
        keys.put(key, new Expected(value, null));
    }

    /** About to send a write; until it is acknowledged, either value may be found after a crash. */
    void sending(String key, String value) {
        keys.compute(key, (k, expected) -> new Expected(expected == null ? null : expected.acknowledged(), value));
    }

    /** The server answered 2xx: from now on only this value may be found. */
    void acknowledged(String kind, String key, String value) {
        keys.put(key, new Expected(value, null));
        acknowledgedByKind.merge(kind, 1, Integer::sum);
    }

    /** Reads a key back from the restarted server; the candidates help where a value cannot be read (a password). */
    interface Reader {
        String read(String key, List<String> candidates);
    }

    /**
     * Reads every key back after a restart; returns one line per key whose value is neither the acknowledged one
     * nor the one in flight, and settles every key on what was found.
     */
    List<String> check(Reader reader) {
        List<String> lost = new ArrayList<>();
        keys.forEach((key, expected) -> {
            List<String> candidates = new ArrayList<>();
            candidates.add(expected.acknowledged());
            if (expected.inFlight() != null) {
                candidates.add(expected.inFlight());
            }
            String found = reader.read(key, candidates);
            if (!expected.allows(found)) {
                lost.add(key + ": found " + found + ", acknowledged " + expected.acknowledged()
                        + (expected.inFlight() == null ? "" : " (in flight: " + expected.inFlight() + ")"));
            }
            keys.put(key, new Expected(found, null));
        });
        return lost;
    }

    Map<String, Integer> acknowledgedByKind() {
        return Map.copyOf(acknowledgedByKind);
    }
}
