package io.jdesk.peer.internal.session;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a file-transfer side's {@code pump()} on a thread of its own: it sends while there is
 * something to send and sleeps until {@link #wake()} says there is more (a confirm arrived, a job
 * started). Sending from here rather than from the reader keeps the reader free to take the
 * other side's confirms and acknowledgements while a big file goes out.
 */
final class Pump implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pump.class);

    /** One step: send the next message; true when another is ready right away. */
    @FunctionalInterface
    interface Step {
        boolean pump() throws IOException;
    }

    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private volatile Step step;
    private final Runnable onFailure;

    Pump(String name, Runnable onFailure) {
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start(Step s) {
        this.step = s;
        thread.start();
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        try {
            while (!closed) {
                synchronized (signal) {
                    while (!woken && !closed) {
                        signal.wait();
                    }
                    woken = false;
                }
                while (!closed && step.pump()) {
                    // keep sending while the job has blocks ready
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("file transfer stopped: {}", e.toString());
                onFailure.run();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
    }
}
