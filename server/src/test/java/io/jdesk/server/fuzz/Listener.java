package io.jdesk.server.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The six listeners a fuzz campaign feeds (spec/servers.md §1.1). */
public enum Listener {
    /** hbbs UDP P: one RendezvousMessage per datagram. */
    UDP("udp"),
    /** hbbs TCP P: length-prefixed frames, KeyExchange greeting. */
    TCP("tcp"),
    /** hbbs TCP P-1: NAT test and online query (the admin console when enabled). */
    NAT("nat"),
    /** hbbs WebSocket P+2. */
    WS("ws"),
    /** hbbr TCP R: a RequestRelay frame, then raw bytes. */
    RELAY("relay"),
    /** hbbr WebSocket R+2. */
    RELAY_WS("relay-ws");

    private final String flag;

    Listener(String flag) {
        this.flag = flag;
    }

    /** The name on the command line and in reports. */
    public String flag() {
        return flag;
    }

    public boolean webSocket() {
        return this == WS || this == RELAY_WS;
    }

    public boolean relay() {
        return this == RELAY || this == RELAY_WS;
    }

    /** @param names comma-separated flags, or {@code all} */
    public static List<Listener> parse(String names) {
        if (names.equalsIgnoreCase("all")) {
            return List.of(values());
        }
        return Arrays.stream(names.split(",")).map(String::trim).map(Listener::of).toList();
    }

    public static Listener of(String flag) {
        for (Listener l : values()) {
            if (l.flag.equals(flag.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown listener " + flag + "; one of udp, tcp, nat, ws, relay, relay-ws");
    }
}
