package dev.tessera.cube.duckdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's workers, shared fairly between users. A first-come-first-served pool let one user with a few slow
 * queries hold every worker while everyone else's small queries queued behind them until they timed out. Here
 * each user has a queue of their own, and a free worker takes the oldest statement of the user who runs the
 * fewest right now and, among equals, started one longest ago (a newcomer first): users take turns. No user runs
 * more than {@code perUser} statements at once, so with {@code perUser} below the number of workers a user flooding
 * the engine always leaves a worker to the others.
 *
 * <p>At most {@code maxWaiting} statements wait in all ({@link #submit} then refuses). A waiting statement that is
 * cancelled leaves its queue at once.
 */
public final class FairScheduler {

    private static final Comparator<Map.Entry<String, User>> TURN = Comparator
            .comparingInt((Map.Entry<String, User> e) -> e.getValue().running)
            .thenComparingLong(e -> e.getValue().lastStarted)
            .thenComparingLong(e -> e.getValue().waiting.getFirst().sequence);

    private final int perUser;
    private final int maxWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Users with a statement waiting or running; the others are forgotten. */
    private final Map<String, User> users = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private long ticks;
    private int waitingCount;
    private boolean stopped;

    public FairScheduler(int workerCount, int perUser, int maxWaiting, String threadName) {
        this.perUser = perUser;
        this.maxWaiting = maxWaiting;
        for (int i = 1; i <= workerCount; i++) {
            Thread t = new Thread(this::work, threadName + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues a statement in the user's turn.
     *
     * @throws RejectedExecutionException when {@code maxWaiting} statements already wait, or after {@link #stop}
     */
    public <T> Future<T> submit(String user, Callable<T> work) {
        lock.lock();
        try {
            if (stopped || waitingCount >= maxWaiting) {
                throw new RejectedExecutionException(stopped ? "stopped" : "queue full");
            }
            Job<T> job = new Job<>(user, work, ++ticks);
            users.computeIfAbsent(user, u -> new User()).waiting.addLast(job);
            waitingCount++;
            changed.signalAll();
            return job;
        } finally {
            lock.unlock();
        }
    }

    /** Statements waiting for a worker, all users together. */
    public int waiting() {
        lock.lock();
        try {
            return waitingCount;
        } finally {
            lock.unlock();
        }
    }

    /** Cancels what waits and interrupts what runs. */
    public void stop() {
        List<Job<?>> dropped = new ArrayList<>();
        lock.lock();
        try {
            stopped = true;
            users.values().forEach(u -> dropped.addAll(u.waiting));
            users.values().forEach(u -> u.waiting.clear());
            waitingCount = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(job -> job.cancel(false));
        workers.forEach(Thread::interrupt);
    }

    private void work() {
        Job<?> job;
        while ((job = next()) != null) {
            try {
                job.run();
            } finally {
                finished(job.user);
            }
        }
    }

    /** Blocks until a statement may start; null once stopped. */
    private Job<?> next() {
        lock.lock();
        try {
            while (!stopped) {
                Job<?> job = take();
                if (job != null) {
                    return job;
                }
                changed.awaitUninterruptibly();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Job<?> take() {
        Map.Entry<String, User> turn = users.entrySet().stream()
                .filter(e -> !e.getValue().waiting.isEmpty() && e.getValue().running < perUser)
                .min(TURN).orElse(null);
        if (turn == null) {
            return null;
        }
        User user = turn.getValue();
        user.running++;
        user.lastStarted = ++ticks;
        waitingCount--;
        return user.waiting.removeFirst();
    }

    private void finished(String name) {
        lock.lock();
        try {
            User user = users.get(name);
            user.running--;
            forgetIfIdle(name, user);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(Job<?> job) {
        lock.lock();
        try {
            User user = users.get(job.user);
            if (user != null && user.waiting.remove(job)) {
                waitingCount--;
                forgetIfIdle(job.user, user);
            }
        } finally {
            lock.unlock();
        }
    }

    private void forgetIfIdle(String name, User user) {
        if (user.running == 0 && user.waiting.isEmpty()) {
            users.remove(name);
        }
    }

    /** One user's place in the turn: their waiting statements, how many run, when the last one started. */
    private static final class User {
        final ArrayDeque<Job<?>> waiting = new ArrayDeque<>();
        int running;
        long lastStarted = -1;
    }

    /** A statement, whose it is and when it came; one cancelled before it starts leaves the queue. */
    private final class Job<T> extends FutureTask<T> {
        final String user;
        final long sequence;

        Job(String user, Callable<T> work, long sequence) {
            super(work);
            this.user = user;
            this.sequence = sequence;
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                withdraw(this);
            }
        }
    }
}
