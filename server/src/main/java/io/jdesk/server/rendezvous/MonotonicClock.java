package io.jdesk.server.rendezvous;

/** Monotonic time for every timeout and window decision; tests inject a manual clock. */
@FunctionalInterface
public interface MonotonicClock {

    /** The system's monotonic clock. */
    MonotonicClock SYSTEM = System::nanoTime;

    long nanoTime();
}
