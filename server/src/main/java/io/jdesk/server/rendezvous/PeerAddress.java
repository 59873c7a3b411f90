package io.jdesk.server.rendezvous;

import java.net.InetSocketAddress;

/**
 * The last UDP source address of a peer (OSS {@code socket_addr}), immutable and compact: the
 * normalised IP as two longs plus the port, 32 bytes on a 64-bit JVM with compressed oops,
 * instead of an {@link InetSocketAddress} with its {@code InetAddress} and holder objects.
 * A peer's address object is replaced only when the source address changes, so a heartbeat from
 * the same address allocates nothing here.
 */
final class PeerAddress {

    private final long hi;
    private final long lo;
    private final int port;

    PeerAddress(IpKey ip, int port) {
        this.hi = ip.hi();
        this.lo = ip.lo();
        this.port = port;
    }

    /** @return the source port (0 never comes from a real UDP source) */
    int port() {
        return port;
    }

    /** @return the normalised IP */
    IpKey ip() {
        return new IpKey(hi, lo);
    }

    /** @return whether the IP equals {@code ip} */
    boolean sameIp(IpKey ip) {
        return hi == ip.hi() && lo == ip.lo();
    }

    /** @return whether IP and port equal {@code ip} and {@code port} */
    boolean sameAs(IpKey ip, int port) {
        return this.port == port && sameIp(ip);
    }

    /** @return a new {@link InetSocketAddress} (no name resolution) */
    InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(ip().toInetAddress(), port);
    }

    /** @return {@code ip:port} / {@code [ip]:port}, the form OSS logs */
    @Override
    public String toString() {
        return ip().withPort(port);
    }
}
