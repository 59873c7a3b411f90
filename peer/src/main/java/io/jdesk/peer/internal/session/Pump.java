package io.jdesk.peer.internal.session;

import io.jdesk.peer.internal.MessageSink;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a file-transfer session: every message of the session's file side (and the
 * TestDelay answers its reader owes) goes through here, and only this thread writes them to the
 * socket.
 *
 * <p>{@link #send} only queues, so it never blocks: the file side may call it while holding its
 * lock, and the session's reader may call it while the socket is full. (Before, the file side
 * wrote to the socket under its lock; with an upload and a download at once both peers' writers
 * filled their TCP buffers while each reader waited for that lock to hand in the other's
 * confirms, and neither side read again.) The thread writes queued messages first, in order;
 * when none is queued it asks the {@link Step} for the next bulk message (a block of a
 * download or upload), so at most one block waits behind a reply and bulk data is paced by the
 * socket. It sleeps until {@link #send} or {@link #wake()} (a confirm arrived, a job started).
 *
 * <p>Queued messages are bounded ({@link #MAX_QUEUED_BYTES}): they are replies to what the peer
 * sent, and a peer that keeps asking without reading gets an IOException on the reading side,
 * which ends its session, instead of unbounded memory.
 */
final class Pump implements MessageSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pump.class);

    /** Bytes of queued messages beyond which {@link #send} refuses (one message is always taken). */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    /** One step: queue the next bulk message with {@link #send}; true when another is ready right away. */
    @FunctionalInterface
    interface Step {
        boolean pump() throws IOException;
    }

    private final Thread thread;
    private final MessageSink wire;
    private final Runnable onFailure;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean woken;
    private boolean closed;
    private Step step;

    /**
     * @param name the thread's name
     * @param wire writes one message to the socket (blocking); called from this thread only
     * @param onFailure runs on this thread when writing or a step failed (not after close)
     */
    Pump(String name, MessageSink wire, Runnable onFailure) {
        this.wire = wire;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start(Step s) {
        this.step = s;
        thread.start();
    }

    /**
     * Queues {@code message} behind those already queued; never blocks.
     *
     * @throws IOException when the pump is closed or failed, or the queue is over its bound
     */
    @Override
    public synchronized void send(Message message) throws IOException {
        if (closed) {
            throw new IOException("file transfer closed");
        }
        long size = message.getSerializedSize();
        if (!queue.isEmpty() && queuedBytes + size > MAX_QUEUED_BYTES) {
            throw new IOException("the peer does not read: more than " + MAX_QUEUED_BYTES
                    + " bytes of replies queued");
        }
        queue.add(message);
        queuedBytes += size;
        notifyAll();
    }

    /** The step has something to send again. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** Messages queued and not yet written (for tests). */
    synchronized int queued() {
        return queue.size();
    }

    private void run() {
        boolean more = false;
        try {
            while (true) {
                Message next;
                synchronized (this) {
                    while (queue.isEmpty() && !more && !woken && !closed) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    next = queue.poll();
                    if (next != null) {
                        queuedBytes -= next.getSerializedSize();
                    } else {
                        woken = false;
                    }
                }
                if (next != null) {
                    wire.send(next); // blocks while the socket is full; no lock of ours is held
                } else {
                    more = step.pump();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            boolean wasClosed;
            synchronized (this) {
                wasClosed = closed;
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
            if (!wasClosed) {
                LOG.debug("file transfer stopped: {}", e.toString());
                onFailure.run();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        notifyAll();
    }
}
