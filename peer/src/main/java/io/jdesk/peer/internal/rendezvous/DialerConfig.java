package io.jdesk.peer.internal.rendezvous;

import java.util.Objects;

/**
 * What the controller side ({@link Dialer}) needs.
 *
 * @param server the rendezvous server, {@code host[:port]} (port 21116 when omitted)
 * @param key the server's public key, standard Base64; empty means {@code RS_PUB_KEY}. Sent as
 *     {@code licence_key} in PunchHoleRequest and to hbbr (peer.md §4.2, §4.5)
 * @param relayServer the {@code relay-server} option: when not empty it replaces the relay hbbs
 *     names for a controller-initiated relay
 * @param version our version string (peer.md §1.6), never empty
 * @param forceRelay the user's "force relay": ask for a relay and never connect directly (§4.6)
 * @param attemptDirect test hook, true in production: false skips the direct connect after a
 *     PunchHoleResponse as if it had failed, so the controller-initiated relay of §4.5 runs
 * @param natTest whether the first dial runs the NAT type test (§2.6) to fill {@code nat_type};
 *     without it our NAT type is UNKNOWN
 * @param timings time limits; {@link Timings#DEFAULT} in production
 */
public record DialerConfig(String server, String key, String relayServer, String version, boolean forceRelay,
        boolean attemptDirect, boolean natTest, Timings timings) {

    public DialerConfig {
        Endpoints.requireServer(server);
        key = Endpoints.option(key);
        relayServer = Endpoints.option(relayServer);
        Endpoints.requireVersion(version);
        Objects.requireNonNull(timings, "timings");
    }

    /** Direct first, no forced relay, NAT test on, version 1.4.9, official timings. */
    public static DialerConfig of(String server, String key) {
        return new DialerConfig(server, key, "", MediatorConfig.DEFAULT_VERSION, false, true, true,
                Timings.DEFAULT);
    }

    public DialerConfig withRelayServer(String relay) {
        return new DialerConfig(server, key, relay, version, forceRelay, attemptDirect, natTest, timings);
    }

    public DialerConfig withVersion(String v) {
        return new DialerConfig(server, key, relayServer, v, forceRelay, attemptDirect, natTest, timings);
    }

    public DialerConfig withForceRelay(boolean on) {
        return new DialerConfig(server, key, relayServer, version, on, attemptDirect, natTest, timings);
    }

    public DialerConfig withAttemptDirect(boolean on) {
        return new DialerConfig(server, key, relayServer, version, forceRelay, on, natTest, timings);
    }

    public DialerConfig withNatTest(boolean on) {
        return new DialerConfig(server, key, relayServer, version, forceRelay, attemptDirect, on, timings);
    }

    public DialerConfig withTimings(Timings t) {
        return new DialerConfig(server, key, relayServer, version, forceRelay, attemptDirect, natTest, t);
    }
}
