package io.jdesk.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which all {@link PeerStore} calls run, so that blocking JDBC never runs on
 * a Netty event loop.
 *
 * <pre>
 *  event loops ──submit()──► [ bounded FIFO queue ] ──► thread "jdesk-store" ──► PeerStore
 *        ▲                      full: future fails now                    │
 *        └──────────── CompletableFuture completed on jdesk-store ◄──────────┘
 * </pre>
 *
 * <p>{@link #submit} never blocks: it enqueues and returns a future. When {@code queueCapacity}
 * tasks are already waiting, or after {@link #close}, the future is returned already failed
 * with a {@link StoreException} ({@code "store queue full"} / {@code "store executor closed"})
 * — a full queue means the disk cannot keep up and the caller answers with an error instead of
 * stalling its event loop. Tasks run one at a time in submission order, so a write submitted
 * before a read of the same ID is visible to that read.
 *
 * <p>Futures are completed <em>on the store thread</em>: dependent stages added with
 * {@code thenApply}/{@code thenAccept} would run there too. Callers that touch event-loop
 * state hop back with the {@code *Async(fn, eventLoop)} variants.
 *
 * <p><b>Group commit.</b> With a {@link Batching} (the server passes its {@link SqlitePeerStore}),
 * a task that starts while others wait behind it takes up to {@value #MAX_BATCH} of them into one
 * transaction: {@code begin}, every task in order, {@code commit} — one fsync for the lot instead
 * of one per write. Nothing is acknowledged early: each future is completed only after that
 * commit (or, if the commit fails, exceptionally), and code that must wait for durability
 * registers with {@link PeerStore#whenDurable}. A task alone in the queue runs on its own, in
 * auto-commit, exactly as without batching, so an idle server answers as fast as before.
 *
 * <p>The thread is a non-daemon platform thread, so queued writes are not silently abandoned
 * at JVM exit; the owner must {@link #close} it. No static state: every server owns its own.
 */
public final class StoreExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreExecutor.class);

    /** Name of the store thread (it appears in thread dumps and log lines). */
    public static final String THREAD_NAME = "jdesk-store";

    /** Default queue bound: 100 000 waiting tasks, several seconds of RegisterPk at peak. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    /** Default time {@link #close()} waits for queued tasks to finish. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Most tasks run in one transaction. */
    public static final int MAX_BATCH = 256;

    /** Transaction boundaries for group commit; called on the store thread only. */
    public interface Batching {
        /** Opens a transaction that the next writes join. */
        void begin();

        /** Commits it (durably) and runs the {@link PeerStore#whenDurable} actions registered since begin. */
        void commit();

        /** Rolls it back and runs the registered {@code lost} actions; never throws. */
        void rollback();
    }

    private final ThreadPoolExecutor executor;
    private final Duration closeTimeout;
    private final Batching batching; // null: every task in auto-commit
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedTasks = new LongAdder();

    /** An executor with {@link #DEFAULT_QUEUE_CAPACITY} and {@link #DEFAULT_CLOSE_TIMEOUT}. */
    public StoreExecutor() {
        this(DEFAULT_QUEUE_CAPACITY, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * @param queueCapacity tasks that may wait while one runs (at least 1)
     * @param closeTimeout how long {@link #close()} waits for queued tasks
     */
    public StoreExecutor(int queueCapacity, Duration closeTimeout) {
        this(queueCapacity, closeTimeout, null);
    }

    /** An executor with the default bounds that runs queued tasks in batches (see class doc). */
    public StoreExecutor(Batching batching) {
        this(DEFAULT_QUEUE_CAPACITY, DEFAULT_CLOSE_TIMEOUT, Objects.requireNonNull(batching, "batching"));
    }

    /**
     * @param queueCapacity tasks that may wait while one runs (at least 1)
     * @param closeTimeout how long {@link #close()} waits for queued tasks
     * @param batching group commit, or null for none
     */
    public StoreExecutor(int queueCapacity, Duration closeTimeout, Batching batching) {
        this.batching = batching;
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), StoreExecutor::newThread,
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartCoreThread();
    }

    /**
     * Runs {@code task} on the store thread.
     *
     * @return a future completed with the task's result, or exceptionally with what it threw;
     *     already failed with a {@link StoreException} when the queue is full or closed
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> future = new CompletableFuture<>();
        if (executor.isShutdown()) {
            return CompletableFuture.failedFuture(new StoreException("store executor closed"));
        }
        try {
            executor.execute(new Task<>(task, future, this));
        } catch (RejectedExecutionException e) {
            String why = executor.isShutdown() ? "store executor closed" : "store queue full";
            future.completeExceptionally(new StoreException(why));
        }
        return future;
    }

    /** Batches run so far (each one transaction of two or more tasks); for metrics. */
    public long batches() {
        return batches.sum();
    }

    /** Tasks run inside those batches; for metrics. */
    public long batchedTasks() {
        return batchedTasks.sum();
    }

    /** Tasks waiting (not counting the one running); for metrics. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** {@link #close(Duration)} with the constructor's timeout. */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Stops accepting tasks, lets the queued ones finish, and stops the thread. Tasks still
     * queued when {@code timeout} has passed are not run: their futures fail with
     * {@code "store executor closed"}. Idempotent.
     *
     * @return whether every queued task finished in time
     */
    public boolean close(Duration timeout) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> dropped = executor.shutdownNow();
        for (Runnable r : dropped) {
            ((Task<?>) r).future.completeExceptionally(new StoreException("store executor closed"));
        }
        LOG.warn("store executor closed with {} tasks not run", dropped.size());
        return false;
    }

    private static Thread newThread(Runnable r) {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(false);
        return t;
    }

    /**
     * Runs {@code first} and, when batching and others are waiting, up to {@link #MAX_BATCH} - 1
     * of them in one transaction. Store thread.
     */
    private void run(Task<?> first) {
        List<Runnable> more = new ArrayList<>();
        if (batching != null) {
            executor.getQueue().drainTo(more, MAX_BATCH - 1);
        }
        if (more.isEmpty()) {
            first.complete(first.call());
            return;
        }
        List<Task<?>> batch = new ArrayList<>(more.size() + 1);
        batch.add(first);
        for (Runnable r : more) {
            batch.add((Task<?>) r);
        }
        batches.increment();
        batchedTasks.add(batch.size());
        Object[] outcomes = new Object[batch.size()];
        int ran = 0;
        try {
            batching.begin();
            for (; ran < batch.size(); ran++) {
                outcomes[ran] = batch.get(ran).call();
            }
            batching.commit();
        } catch (RuntimeException | Error e) {
            batching.rollback();
            StoreException lost = new StoreException("batch of " + batch.size() + " not committed: " + e, e);
            LOG.warn("store: {}", lost.getMessage());
            for (Task<?> t : batch) {
                t.future.completeExceptionally(lost);
            }
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(outcomes[i]);
        }
    }

    /** What a task returned, or the exception it threw (an Error is not caught). */
    private record Failed(Exception e) {}

    /** A queued call and the future it completes. */
    private static final class Task<T> implements Runnable {
        private final Callable<T> call;
        private final CompletableFuture<T> future;
        private final StoreExecutor owner;

        Task(Callable<T> call, CompletableFuture<T> future, StoreExecutor owner) {
            this.call = call;
            this.future = future;
            this.owner = owner;
        }

        @Override
        public void run() {
            owner.run(this);
        }

        /** The call's result, or a {@link Failed} with what it threw. */
        Object call() {
            try {
                return call.call();
            } catch (Exception e) {
                return new Failed(e);
            } catch (Error e) {
                future.completeExceptionally(e);
                throw e; // the pool replaces the thread; the caller still got an answer
            }
        }

        @SuppressWarnings("unchecked")
        void complete(Object outcome) {
            if (outcome instanceof Failed f) {
                future.completeExceptionally(f.e());
            } else {
                future.complete((T) outcome);
            }
        }
    }
}
