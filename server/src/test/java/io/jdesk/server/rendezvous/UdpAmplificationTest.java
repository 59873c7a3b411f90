package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.ConfigUpdate;
import io.jdesk.protocol.proto.OnlineRequest;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.PunchHoleSent;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.SoftwareUpdate;
import io.jdesk.protocol.proto.TestNatRequest;
import io.jdesk.server.transport.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * design.md hard rule 5: for every UDP request type, from a source that never registered, the
 * reply (if any) is no larger than the request — even with a ConfigUpdate serial configured.
 */
class UdpAmplificationTest {

    @TempDir Path dir;

    @Test
    void noReplyIsLargerThanItsRequest() throws Exception {
        FakePeers peers = new FakePeers();
        RendezvousConfig c = RendezvousConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0, 0, 0,
                ServerKey.forRendezvous(null, dir));
        c = new RendezvousConfig(c.bind(), 0, 0, 0, 0, c.key(), List.of(), false, a -> false, "", 99,
                List.of("rendezvous-a.example.com", "rendezvous-b.example.com"), a -> false, c.maxFrame(),
                c.idleTimeout(), c.console(), 0, true);
        List<RendezvousMessage> requests = List.of(
                RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder().setId("a")).build(),
                RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder().setId("123456789")).build(),
                RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId("x")
                        .setUuid(ByteString.copyFromUtf8("u")).setPk(ByteString.copyFromUtf8("p"))).build(),
                RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId("abcdef")
                        .setUuid(ByteString.copyFromUtf8("u")).setPk(ByteString.copyFromUtf8("p"))).build(),
                RendezvousMessage.newBuilder().setTestNatRequest(TestNatRequest.newBuilder()).build(),
                RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId("a")).build(),
                RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder().setId("a")).build(),
                RendezvousMessage.newBuilder().setOnlineRequest(OnlineRequest.newBuilder().addPeers("a")).build(),
                RendezvousMessage.newBuilder().setConfigureUpdate(ConfigUpdate.newBuilder().setSerial(1000)).build(),
                RendezvousMessage.newBuilder().setSoftwareUpdate(SoftwareUpdate.newBuilder().setUrl("u")).build(),
                RendezvousMessage.getDefaultInstance());
        try (RendezvousServer server = new RendezvousServer(c, peers, peers, ForkJoinPool.commonPool(),
                MonotonicClock.SYSTEM, Transport.best(), 1).start()) {
            List<String> amplified = new ArrayList<>();
            int answered = 0;
            for (RendezvousMessage m : requests) {
                byte[] req = m.toByteArray();
                int replyBytes = 0;
                // a socket per request: a late reply cannot be counted against the next request
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    // registration requests are answered: wait for that (a loaded machine can be slow),
                    // then 300 ms for anything more; the others get 300 ms to prove their silence
                    boolean answerExpected = m.hasRegisterPeer() || m.hasRegisterPk();
                    s.setSoTimeout(answerExpected ? 3000 : 300);
                    s.send(new DatagramPacket(req, req.length, server.udpAddress()));
                    byte[] buf = new byte[2048];
                    try {
                        for (;;) {
                            DatagramPacket p = new DatagramPacket(buf, buf.length);
                            s.receive(p);
                            s.setSoTimeout(300);
                            answered++;
                            replyBytes += p.getLength();
                            if (p.getLength() > req.length) {
                                amplified.add(m.getUnionCase() + ": " + req.length + " -> " + p.getLength());
                            }
                        }
                    } catch (SocketTimeoutException done) {
                        // no more replies to this request
                    }
                }
                // the figures of docs/reliability.md
                System.out.printf("UdpAmplificationTest: %-18s request %3d bytes, replies %d bytes, ratio %.2f%n",
                        m.getUnionCase(), req.length, replyBytes, req.length == 0 ? 0.0 : replyBytes / (double) req.length);
            }
            assertThat(amplified).isEmpty();
            assertThat(answered).as("registration requests are still answered").isGreaterThanOrEqualTo(3);
        }
    }
}
