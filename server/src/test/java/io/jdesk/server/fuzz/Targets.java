package io.jdesk.server.fuzz;

import java.net.InetSocketAddress;

/**
 * Where the listeners are, and the rendezvous server's licence key (the public key clients paste
 * into "Key"; empty when it has none).
 */
public record Targets(InetSocketAddress udp, InetSocketAddress tcp, InetSocketAddress nat, InetSocketAddress ws,
        InetSocketAddress relay, InetSocketAddress relayWs, String licenceKey) {

    /** The standard layout around hbbs port {@code p} (P-1, P, P+2) and hbbr port {@code r} (R, R+2). */
    public static Targets layout(String host, int p, int r, String licenceKey) {
        return new Targets(new InetSocketAddress(host, p), new InetSocketAddress(host, p), new InetSocketAddress(host, p - 1),
                new InetSocketAddress(host, p + 2), new InetSocketAddress(host, r), new InetSocketAddress(host, r + 2),
                licenceKey);
    }

    InetSocketAddress of(Listener l) {
        return switch (l) {
            case UDP -> udp;
            case TCP -> tcp;
            case NAT -> nat;
            case WS -> ws;
            case RELAY -> relay;
            case RELAY_WS -> relayWs;
        };
    }
}
