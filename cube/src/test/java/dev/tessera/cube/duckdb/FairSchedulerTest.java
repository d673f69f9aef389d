package dev.tessera.cube.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on real threads. Statements here are tasks that record when they start and hold their worker until
 * the test opens a gate, so what may run beside what, and in which order, is seen exactly and without timing.
 */
class FairSchedulerTest {
    static final long WAIT_SECONDS = 20;

    final List<String> started = new CopyOnWriteArrayList<>();
    final CountDownLatch gate = new CountDownLatch(1);
    FairScheduler scheduler;

    @AfterEach
    void stop() {
        gate.countDown();
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /** A statement that holds its worker until the gate opens. */
    Future<String> held(String user, String name) {
        return scheduler.submit(user, () -> {
            started.add(name);
            gate.await();
            return name;
        });
    }

    Future<String> quick(String user, String name) {
        return scheduler.submit(user, () -> {
            started.add(name);
            return name;
        });
    }

    void awaitStarted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (started.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(started).hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void aUserFloodingTheEngineLeavesAWorkerToOthers() throws Exception {
        scheduler = new FairScheduler(2, 1, 32, "test");
        List<Future<String>> flood = List.of(held("a", "a1"), held("a", "a2"), held("a", "a3"), held("a", "a4"));
        awaitStarted(1);
        Future<String> other = quick("b", "b1");

        assertThat(other.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b1");
        assertThat(flood).noneMatch(Future::isDone);
        assertThat(started).containsExactly("a1", "b1"); // a2..a4 wait for a's own first statement
        assertThat(scheduler.waiting()).isEqualTo(3);
    }

    @Test
    void aShareOfSeveralStillLeavesTheRest() throws Exception {
        scheduler = new FairScheduler(3, 2, 32, "test");
        List<Future<String>> flood = List.of(held("a", "a1"), held("a", "a2"), held("a", "a3"), held("a", "a4"));
        awaitStarted(2);

        assertThat(quick("b", "b1").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b1");
        assertThat(started).containsExactlyInAnyOrder("a1", "a2", "b1").endsWith("b1");
        assertThat(flood).noneMatch(Future::isDone);
    }

    @Test
    void usersTakeTurnsNewcomersFirst() throws Exception {
        scheduler = new FairScheduler(1, 1, 32, "test");
        Future<String> first = held("a", "a1");
        awaitStarted(1);
        List<Future<String>> rest = List.of(quick("a", "a2"), quick("a", "a3"), quick("b", "b1"), quick("c", "c1"),
                quick("b", "b2"));
        gate.countDown();
        first.get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (Future<String> f : rest) {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        // a had its turn with a1: b and c go before a's second; then in turn, each user's own in order
        assertThat(started).containsExactly("a1", "b1", "c1", "a2", "b2", "a3");
    }

    @Test
    void aFullQueueRefusesAndACancelledStatementLeavesIt() throws Exception {
        scheduler = new FairScheduler(1, 1, 2, "test");
        assertThat(held("a", "a1")).isNotDone();
        awaitStarted(1);
        Future<String> waitingA = held("a", "a2");
        assertThat(held("b", "b1")).isNotDone();
        assertThat(scheduler.waiting()).isEqualTo(2);
        assertThatThrownBy(() -> held("c", "c1")).isInstanceOf(RejectedExecutionException.class);

        assertThat(waitingA.cancel(false)).isTrue();
        assertThat(scheduler.waiting()).isEqualTo(1);
        Future<String> accepted = quick("c", "c1");
        gate.countDown();
        assertThat(accepted.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("c1");
        assertThat(started).doesNotContain("a2");
    }

    @Test
    void stopCancelsWhatWaitsAndRefusesMore() throws Exception {
        scheduler = new FairScheduler(1, 1, 8, "test");
        assertThat(held("a", "a1")).isNotDone();
        awaitStarted(1);
        Future<String> waiting = held("b", "b1");
        scheduler.stop();
        assertThat(waiting.isCancelled()).isTrue();
        assertThat(scheduler.waiting()).isZero();
        assertThatThrownBy(() -> quick("c", "c1")).isInstanceOf(RejectedExecutionException.class);
    }
}
