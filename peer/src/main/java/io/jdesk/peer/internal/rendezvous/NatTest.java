package io.jdesk.peer.internal.rendezvous;

import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.TestNatRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * peer.md §2.6: two TestNatRequests from one local address, to hbbs port P and port P−1. The same
 * observed source port twice means our NAT keeps one mapping per local port (ASYMMETRIC, "cone");
 * two ports mean SYMMETRIC. Any failure gives UNKNOWN_NAT. One attempt per call: the caller
 * decides when to try again (the official client retries with growing sleeps until it knows).
 */
final class NatTest {

    private static final Logger LOG = LoggerFactory.getLogger(NatTest.class);

    private NatTest() {
    }

    /**
     * @param first hbbs TCP port P
     * @param second hbbs NAT-test port P−1
     * @param closer tracks the connections so that an owner can abort the test; may be null
     */
    static NatType run(InetSocketAddress first, InetSocketAddress second, int serial, Timings t, Closer closer) {
        try {
            FramedConnection c1 = track(closer, FramedConnection.open(first, true, t.connectTimeout()));
            InetSocketAddress local = c1.localAddress();
            int port1 = probeAndClose(c1, serial, t.readTimeout(), closer);
            FramedConnection c2 = track(closer, new FramedConnection(Sockets.connect(second, local, t.connectTimeout())));
            int port2 = probeAndClose(c2, serial, t.readTimeout(), closer);
            if (port1 > 0 && port2 > 0) {
                NatType type = port1 == port2 ? NatType.ASYMMETRIC : NatType.SYMMETRIC;
                LOG.info("NAT test: observed ports {} and {} -> {}", port1, port2, type);
                return type;
            }
            LOG.info("NAT test: no port observed ({}, {})", port1, port2);
        } catch (IOException | RuntimeException e) {
            LOG.info("NAT test against {} failed: {}", first, e.toString());
        }
        return NatType.UNKNOWN_NAT;
    }

    private static int probeAndClose(FramedConnection c, int serial, Duration timeout, Closer closer)
            throws IOException {
        try {
            c.send(RendezvousMessage.newBuilder().setTestNatRequest(TestNatRequest.newBuilder().setSerial(serial))
                    .build());
            Optional<RendezvousMessage> m = c.readMessage(timeout, true);
            return m.filter(RendezvousMessage::hasTestNatResponse).map(r -> r.getTestNatResponse().getPort())
                    .orElse(0);
        } finally {
            c.close();
            if (closer != null) {
                closer.release(c);
            }
        }
    }

    private static FramedConnection track(Closer closer, FramedConnection c) {
        return closer == null ? c : closer.track(c);
    }
}
