package io.jdesk.server.rendezvous;

/**
 * The time source of every rendezvous time decision (online window, rate limits, expiry).
 *
 * <p>Values are nanoseconds from an arbitrary origin, like {@link System#nanoTime()}: only
 * differences mean anything, and differences are taken with 64-bit subtraction
 * ({@code now - then}), which stays correct across a wrap of the origin. Tests inject a manual
 * clock and advance it instead of sleeping.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** The JVM's monotonic clock. */
    MonotonicClock SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds from an arbitrary, fixed origin */
    long nanoTime();
}
