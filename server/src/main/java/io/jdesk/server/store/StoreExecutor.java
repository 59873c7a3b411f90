package io.jdesk.server.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

    private final ThreadPoolExecutor executor;
    private final Duration closeTimeout;

    /** An executor with {@link #DEFAULT_QUEUE_CAPACITY} and {@link #DEFAULT_CLOSE_TIMEOUT}. */
    public StoreExecutor() {
        this(DEFAULT_QUEUE_CAPACITY, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * @param queueCapacity tasks that may wait while one runs (at least 1)
     * @param closeTimeout how long {@link #close()} waits for queued tasks
     */
    public StoreExecutor(int queueCapacity, Duration closeTimeout) {
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
            executor.execute(new Task<>(task, future));
        } catch (RejectedExecutionException e) {
            String why = executor.isShutdown() ? "store executor closed" : "store queue full";
            future.completeExceptionally(new StoreException(why));
        }
        return future;
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

    /** A queued call and the future it completes. */
    private static final class Task<T> implements Runnable {
        private final Callable<T> call;
        private final CompletableFuture<T> future;

        Task(Callable<T> call, CompletableFuture<T> future) {
            this.call = call;
            this.future = future;
        }

        @Override
        public void run() {
            try {
                future.complete(call.call());
            } catch (Exception e) {
                future.completeExceptionally(e);
            } catch (Error e) {
                future.completeExceptionally(e);
                throw e; // the pool replaces the thread; the caller still got an answer
            }
        }
    }
}
