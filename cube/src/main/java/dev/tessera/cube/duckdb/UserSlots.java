package dev.tessera.cube.duckdb;

import dev.tessera.cube.TooManyQueriesException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** How many queries each user has running or waiting: at most {@code perUser}, past it a 429. */
public final class UserSlots {
    private final int perUser;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public UserSlots(int perUser) {
        this.perUser = perUser;
    }

    /**
     * Takes one of the user's slots.
     *
     * @return what gives it back; safe to run more than once (a cursor's close and a failure path may both)
     * @throws TooManyQueriesException when the user holds every slot
     */
    public Runnable take(String user) {
        Semaphore mine = slots.computeIfAbsent(user, u -> new Semaphore(perUser));
        if (!mine.tryAcquire()) {
            throw new TooManyQueriesException(TooManyQueriesException.Scope.USER, perUser);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                mine.release();
            }
        };
    }
}
