package io.jdesk.server.transport;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The client address behind a reverse proxy (spec/servers.md §2.3). OSS trusts
 * {@code X-Real-IP} / {@code X-Forwarded-For} from anyone (§12 item 6); jdesk honours them only
 * when the TCP peer is a configured trusted proxy. The header value must be one IP literal
 * (a multi-valued X-Forwarded-For does not parse and is ignored, as in OSS); the port becomes
 * 0, as OSS does, because the proxy does not tell it.
 */
public final class RealIp {

    private RealIp() {}

    /**
     * @param tcpPeer the address the connection came from
     * @param headers the WebSocket upgrade request's headers
     * @param trustedProxy which TCP peers may speak for their clients
     */
    public static InetSocketAddress resolve(InetSocketAddress tcpPeer, HttpHeaders headers,
            Predicate<InetAddress> trustedProxy) {
        if (tcpPeer.getAddress() == null || !trustedProxy.test(tcpPeer.getAddress())) {
            return tcpPeer;
        }
        String value = headers.get("X-Real-IP");
        if (value == null) {
            value = headers.get("X-Forwarded-For");
        }
        return value == null ? tcpPeer
                : parseLiteral(value.strip()).map(a -> new InetSocketAddress(a, 0)).orElse(tcpPeer);
    }

    /** An IPv4 or IPv6 literal, normalised; never a DNS lookup. */
    public static Optional<InetAddress> parseLiteral(String s) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Addresses.normalize(InetAddress.getByAddress(bytes)));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty(); // only for a wrong length, which NetUtil never returns
        }
    }
}
