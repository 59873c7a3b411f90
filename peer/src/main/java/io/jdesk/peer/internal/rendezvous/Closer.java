package io.jdesk.peer.internal.rendezvous;

import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets and listeners that threads of a {@link Mediator} are blocked on, so that
 * {@link Mediator#close()} can unblock them: classic blocking sockets ignore interrupts, closing
 * them is the way out. Once closed, anything registered is closed at once. Thread-safe.
 */
final class Closer {

    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Tracks {@code c} until {@link #release}; closes it at once when already closed. */
    <T extends Closeable> T track(T c) {
        open.add(c);
        if (closed) {
            open.remove(c);
            Sockets.closeQuietly(c);
        }
        return c;
    }

    /** Stops tracking {@code c} (it is closed, or handed over). */
    void release(Closeable c) {
        open.remove(c);
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes everything tracked now and later. */
    void closeAll() {
        closed = true;
        for (Closeable c : open) {
            open.remove(c);
            Sockets.closeQuietly(c);
        }
    }
}
