package io.jdesk.peer.internal.rendezvous;

import java.time.Duration;
import java.util.Objects;

/**
 * Every time limit and cap of the rendezvous layer, with the official values of peer.md §8.1 as
 * {@link #DEFAULT}. Production code uses the defaults; tests shorten some through
 * {@link #toBuilder()} so that a restart or an accept timeout takes milliseconds, not 18 s.
 *
 * @param tick registration loop tick ({@code TIMER_OUT}, rustdesk common.rs: 1 s)
 * @param regInterval registration period ({@code REG_INTERVAL}: 15 s)
 * @param regTimeout wait for a registration answer before resending ({@code MIN_REG_TIMEOUT}: 3 s)
 * @param connectTimeout TCP connects and the accept after a punch ({@code CONNECT_TIMEOUT}: 18 s)
 * @param readTimeout wait for KeyExchange and for hbbs replies ({@code READ_TIMEOUT}: 18 s)
 * @param restartDelay least time between two starts of the registration loop (peer.md §2.1: 18 s)
 * @param knockTimeout the device's SYN toward the controller before listening (§3.4: 30 ms)
 * @param duplicateWindow repeated PunchHole / FetchLocalAddr / RequestRelay for the same
 *     controller address are dropped within it (§3.2: 100 ms)
 * @param punchWaitStep the controller waits i × this for answer i of 3 (§4.3: 3 s, 6 s, 9 s)
 * @param minDirectTimeout shortest direct-connect attempt (§4.4: 1 s)
 * @param keepAlive TCP-mode keep-alive until hbbs announces one; silence for 1.5 × it ends the
 *     link ({@code DEFAULT_KEEP_ALIVE}: 60 s)
 * @param deployRetry RegisterPk throttle while hbbs answers NOT_DEPLOYED
 *     ({@code DEPLOY_RETRY_INTERVAL}: 30 s)
 * @param hbbsLinger how long a one-shot connection to hbbs (PunchHoleSent, LocalAddr,
 *     RelayResponse) waits for hbbs to close after our last frame, so that the greeting hbbs
 *     may have sent is read and the close is orderly (jdesk choice: 500 ms)
 * @param tcpFallbackAfter consecutive unanswered UDP registrations after which {@code AUTO} mode
 *     switches to TCP registration (the official client rebinds its UDP socket at 4)
 * @param maxIncoming incoming connection requests handled at the same time; more are dropped
 *     (jdesk choice: 16)
 */
public record Timings(
        Duration tick,
        Duration regInterval,
        Duration regTimeout,
        Duration connectTimeout,
        Duration readTimeout,
        Duration restartDelay,
        Duration knockTimeout,
        Duration duplicateWindow,
        Duration punchWaitStep,
        Duration minDirectTimeout,
        Duration keepAlive,
        Duration deployRetry,
        Duration hbbsLinger,
        int tcpFallbackAfter,
        int maxIncoming) {

    /** The official values (peer.md §8.1). */
    public static final Timings DEFAULT = new Timings(
            Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(3),
            Duration.ofSeconds(18), Duration.ofSeconds(18), Duration.ofSeconds(18),
            Duration.ofMillis(30), Duration.ofMillis(100), Duration.ofSeconds(3),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofMillis(500), 4, 16);

    public Timings {
        for (Duration d : new Duration[] {tick, regInterval, regTimeout, connectTimeout, readTimeout,
                restartDelay, knockTimeout, duplicateWindow, punchWaitStep, minDirectTimeout, keepAlive,
                deployRetry, hbbsLinger}) {
            Objects.requireNonNull(d, "a duration is null");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative; got " + d);
            }
        }
        if (tick.toMillis() < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms; got " + tick);
        }
        if (tcpFallbackAfter < 1) {
            throw new IllegalArgumentException("tcpFallbackAfter must be >= 1; got " + tcpFallbackAfter);
        }
        if (maxIncoming < 1) {
            throw new IllegalArgumentException("maxIncoming must be >= 1; got " + maxIncoming);
        }
    }

    /** @return a builder starting from these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some values of a {@link Timings}. */
    public static final class Builder {
        private Duration tick;
        private Duration regInterval;
        private Duration regTimeout;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration restartDelay;
        private Duration knockTimeout;
        private Duration duplicateWindow;
        private Duration punchWaitStep;
        private Duration minDirectTimeout;
        private Duration keepAlive;
        private Duration deployRetry;
        private Duration hbbsLinger;
        private int tcpFallbackAfter;
        private int maxIncoming;

        private Builder(Timings t) {
            tick = t.tick;
            regInterval = t.regInterval;
            regTimeout = t.regTimeout;
            connectTimeout = t.connectTimeout;
            readTimeout = t.readTimeout;
            restartDelay = t.restartDelay;
            knockTimeout = t.knockTimeout;
            duplicateWindow = t.duplicateWindow;
            punchWaitStep = t.punchWaitStep;
            minDirectTimeout = t.minDirectTimeout;
            keepAlive = t.keepAlive;
            deployRetry = t.deployRetry;
            hbbsLinger = t.hbbsLinger;
            tcpFallbackAfter = t.tcpFallbackAfter;
            maxIncoming = t.maxIncoming;
        }

        public Builder tick(Duration d) {
            tick = d;
            return this;
        }

        public Builder regInterval(Duration d) {
            regInterval = d;
            return this;
        }

        public Builder regTimeout(Duration d) {
            regTimeout = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        public Builder restartDelay(Duration d) {
            restartDelay = d;
            return this;
        }

        public Builder knockTimeout(Duration d) {
            knockTimeout = d;
            return this;
        }

        public Builder duplicateWindow(Duration d) {
            duplicateWindow = d;
            return this;
        }

        public Builder punchWaitStep(Duration d) {
            punchWaitStep = d;
            return this;
        }

        public Builder minDirectTimeout(Duration d) {
            minDirectTimeout = d;
            return this;
        }

        public Builder keepAlive(Duration d) {
            keepAlive = d;
            return this;
        }

        public Builder deployRetry(Duration d) {
            deployRetry = d;
            return this;
        }

        public Builder hbbsLinger(Duration d) {
            hbbsLinger = d;
            return this;
        }

        public Builder tcpFallbackAfter(int n) {
            tcpFallbackAfter = n;
            return this;
        }

        public Builder maxIncoming(int n) {
            maxIncoming = n;
            return this;
        }

        public Timings build() {
            return new Timings(tick, regInterval, regTimeout, connectTimeout, readTimeout, restartDelay,
                    knockTimeout, duplicateWindow, punchWaitStep, minDirectTimeout, keepAlive, deployRetry,
                    hbbsLinger, tcpFallbackAfter, maxIncoming);
        }
    }
}
