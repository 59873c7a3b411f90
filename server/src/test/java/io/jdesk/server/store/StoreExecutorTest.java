package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class StoreExecutorTest {

    @TempDir
    Path dir;

    @Test
    void tasksRunOnTheNamedStoreThread() throws Exception {
        try (StoreExecutor executor = new StoreExecutor()) {
            String name = executor.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            boolean daemon = executor.submit(() -> Thread.currentThread().isDaemon()).get(5, TimeUnit.SECONDS);
            assertThat(name).isEqualTo("jdesk-store");
            assertThat(daemon).isFalse();
        }
    }

    @Test
    void aTaskFailureCompletesItsFutureExceptionally() {
        try (StoreExecutor executor = new StoreExecutor()) {
            CompletableFuture<Object> f = executor.submit(() -> {
                throw new StoreException("insert id=x failed");
            });
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StoreException.class).hasMessage("insert id=x failed");
        }
    }

    @Test
    void fullQueueFailsImmediatelyInsteadOfBlocking() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StoreExecutor executor = new StoreExecutor(2, Duration.ofSeconds(5))) {
            CompletableFuture<String> busy = executor.submit(() -> {
                running.countDown();
                release.await();
                return "busy";
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> q1 = executor.submit(() -> "q1");
            CompletableFuture<String> q2 = executor.submit(() -> "q2");
            assertThat(executor.queued()).isEqualTo(2);

            long start = System.nanoTime();
            CompletableFuture<String> rejected = executor.submit(() -> "never");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(rejected).isCompletedExceptionally();
            assertThatThrownBy(rejected::join).cause()
                    .isInstanceOf(StoreException.class).hasMessage("store queue full");

            release.countDown();
            assertThat(List.of(busy.get(), q1.get(), q2.get())).containsExactly("busy", "q1", "q2");
        }
    }

    @Test
    void closeDrainsQueuedTasksThenRefusesNewOnes() throws Exception {
        StoreExecutor executor = new StoreExecutor();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        executor.submit(() -> release.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(executor.submit(ran::incrementAndGet));
        }
        release.countDown();
        assertThat(executor.close(Duration.ofSeconds(5))).isTrue();
        assertThat(ran).hasValue(100);
        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());

        CompletableFuture<String> late = executor.submit(() -> "late");
        assertThatThrownBy(late::join).cause()
                .isInstanceOf(StoreException.class).hasMessage("store executor closed");
        executor.close(); // idempotent
    }

    @Test
    void closeTimeoutFailsTheTasksItCouldNotRun() throws Exception {
        StoreExecutor executor = new StoreExecutor();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        executor.submit(() -> {
            running.countDown();
            return never.await(20, TimeUnit.SECONDS); // interrupted by the forced stop
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> stuck = executor.submit(() -> "stuck");
        assertThat(executor.close(Duration.ofMillis(50))).isFalse();
        assertThatThrownBy(stuck::join).cause()
                .isInstanceOf(StoreException.class).hasMessage("store executor closed");
    }

    @Test
    void manyThreadsThroughTheExecutorIntoSqlite() throws Exception {
        int threads = 8;
        int perThread = 25;
        Set<String> storeThreads = ConcurrentHashMap.newKeySet();
        try (SqlitePeerStore store = SqlitePeerStore.open(dir.resolve("db_v2.sqlite3").toString());
                StoreExecutor executor = new StoreExecutor()) {
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                List<CompletableFuture<Boolean>> mine = new ArrayList<>();
                Thread caller = new Thread(() -> {
                    awaitQuietly(go);
                    for (int i = base; i < base + perThread; i++) {
                        String id = "peer-" + i;
                        StoredPeer p = PeerStoreContractTest.peer(i, id);
                        executor.submit(() -> {
                            storeThreads.add(Thread.currentThread().getName());
                            store.insert(p);
                            return null;
                        });
                        // submitted after the insert on the same FIFO thread: must see it
                        mine.add(executor.submit(() -> store.find(id).filter(p::equals).isPresent()));
                    }
                    synchronized (results) {
                        results.addAll(mine);
                    }
                }, "caller-" + t);
                callers.add(caller);
                caller.start();
            }
            go.countDown();
            for (Thread c : callers) {
                c.join();
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(results).hasSize(threads * perThread).allMatch(CompletableFuture::join);
            assertThat(executor.submit(store::count).get()).isEqualTo((long) threads * perThread);
            assertThat(storeThreads).containsExactly("jdesk-store");
        }
    }

    @Test
    void queuedTasksRunInOneBatchAndTheirFuturesCompleteAfterTheCommit() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> batch = new ArrayList<>();
        StoreExecutor.Batching recorder = new StoreExecutor.Batching() {
            @Override
            public void begin() {
                events.add("begin");
            }

            @Override
            public void commit() {
                events.add("commit, done before: " + batch.stream().filter(CompletableFuture::isDone).count());
            }

            @Override
            public void rollback() {
                events.add("rollback");
            }
        };
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StoreExecutor executor = new StoreExecutor(100, Duration.ofSeconds(5), recorder)) {
            CompletableFuture<Boolean> alone = executor.submit(() -> {
                running.countDown();
                return release.await(5, TimeUnit.SECONDS);
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                int n = i;
                batch.add(executor.submit(() -> {
                    events.add("task " + n);
                    if (n == 3) {
                        throw new StoreException("task 3 failed alone");
                    }
                    return n;
                }));
            }
            release.countDown();
            assertThat(alone.get(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
        }
        // the first task ran alone (nothing was queued when it started), the five together
        assertThat(events).containsExactly("begin", "task 0", "task 1", "task 2", "task 3", "task 4",
                "commit, done before: 0");
        assertThat(batch.get(4).join()).isEqualTo(4);
        assertThatThrownBy(batch.get(3)::join).cause().hasMessage("task 3 failed alone");
    }

    @Test
    void aFailedCommitFailsEveryFutureOfTheBatchAndRollsBack() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        StoreExecutor.Batching failing = new StoreExecutor.Batching() {
            @Override
            public void begin() {
                events.add("begin");
            }

            @Override
            public void commit() {
                throw new StoreException("disk full");
            }

            @Override
            public void rollback() {
                events.add("rollback");
            }
        };
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StoreExecutor executor = new StoreExecutor(100, Duration.ofSeconds(5), failing)) {
            executor.submit(() -> {
                running.countDown();
                return release.await(5, TimeUnit.SECONDS);
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> a = executor.submit(() -> "a");
            CompletableFuture<String> b = executor.submit(() -> "b");
            release.countDown();
            assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(StoreException.class)
                    .hasMessageContaining("batch of 2 not committed").hasMessageContaining("disk full");
            assertThatThrownBy(b::join).cause().isInstanceOf(StoreException.class);
            assertThat(executor.submit(() -> "alone, auto-commit").get(5, TimeUnit.SECONDS)).isEqualTo("alone, auto-commit");
        }
        assertThat(events).containsExactly("begin", "rollback");
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new StoreExecutor(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
