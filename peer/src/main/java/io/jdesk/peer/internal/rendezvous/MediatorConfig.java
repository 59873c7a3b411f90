package io.jdesk.peer.internal.rendezvous;

import java.util.Objects;

/**
 * What the device's registration loop ({@link Mediator}) needs.
 *
 * @param server the rendezvous server as the user types it: {@code host}, {@code host:port} or
 *     {@code [v6]:port}; port 21116 when omitted (peer.md §1.1)
 * @param key the server's public key, standard Base64 (the client's "Key" field); empty means
 *     the official public key {@code RS_PUB_KEY} (peer.md §1.5). Sent as {@code licence_key} to
 *     hbbr and used to verify hbbs's KeyExchange in TCP mode
 * @param relayServer the {@code relay-server} option: when not empty, every relay is joined
 *     there instead of where hbbs says (peer.md §1.1)
 * @param version our version string, never empty: hbbs signs our key for controllers only when
 *     PunchHoleSent / LocalAddr / RelayResponse carry one (peer.md §1.6)
 * @param mode UDP registration, TCP registration, or UDP with a TCP fallback
 * @param natTest whether to run the NAT type test (peer.md §2.6) against hbbs ports P and P−1
 *     at each start; without it our NAT type is UNKNOWN
 * @param timings time limits; {@link Timings#DEFAULT} in production
 */
public record MediatorConfig(String server, String key, String relayServer, String version, Mode mode,
        boolean natTest, Timings timings) {

    /** The version the official client of the spec's commit announces (peer.md §0). */
    public static final String DEFAULT_VERSION = "1.4.9";

    /** How the device registers (peer.md §2.1). */
    public enum Mode {
        /** UDP (the official default); after {@link Timings#tcpFallbackAfter()} unanswered
         *  registrations in a row, the next start uses TCP, and a failed TCP start goes back to UDP. */
        AUTO,
        /** UDP only, as the official client without proxy or {@code disable-udp}. */
        UDP,
        /** TCP only with KeyExchange, as the official client with {@code disable-udp = Y} (§2.5). */
        TCP
    }

    public MediatorConfig {
        Endpoints.requireServer(server);
        key = Endpoints.option(key);
        relayServer = Endpoints.option(relayServer);
        Endpoints.requireVersion(version);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timings, "timings");
    }

    /** AUTO mode, NAT test on, version {@value #DEFAULT_VERSION}, official timings. */
    public static MediatorConfig of(String server, String key) {
        return new MediatorConfig(server, key, "", DEFAULT_VERSION, Mode.AUTO, true, Timings.DEFAULT);
    }

    public MediatorConfig withRelayServer(String relay) {
        return new MediatorConfig(server, key, relay, version, mode, natTest, timings);
    }

    public MediatorConfig withVersion(String v) {
        return new MediatorConfig(server, key, relayServer, v, mode, natTest, timings);
    }

    public MediatorConfig withMode(Mode m) {
        return new MediatorConfig(server, key, relayServer, version, m, natTest, timings);
    }

    public MediatorConfig withNatTest(boolean on) {
        return new MediatorConfig(server, key, relayServer, version, mode, on, timings);
    }

    public MediatorConfig withTimings(Timings t) {
        return new MediatorConfig(server, key, relayServer, version, mode, natTest, t);
    }
}
