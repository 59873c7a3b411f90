package io.jdesk.peer.internal.rendezvous;

import static io.jdesk.peer.internal.rendezvous.Fixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.FetchLocalAddr;
import io.jdesk.protocol.proto.LocalAddr;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RendezvousMessage.UnionCase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the real hbbs never sends: garbage, repeats, silence (peer.md §2.2, §3.2; design rule 4). */
class MediatorInputTest {

    static final RendezvousMessage PK_OK = RendezvousMessage.newBuilder()
            .setRegisterPkResponse(RegisterPkResponse.newBuilder().setResult(RegisterPkResponse.Result.OK)).build();

    MediatorConfig device(FakeHbbs fake, Timings t) {
        return MediatorConfig.of(fake.address(), SigningKeyPair.generate().publicKeyBase64())
                .withMode(MediatorConfig.Mode.UDP).withNatTest(false).withTimings(t);
    }

    @Test
    void malformedDatagramsAreDroppedAndRegistrationGoesOn() throws Exception {
        byte[] nestingBomb = new byte[3000];
        Arrays.fill(nestingBomb, (byte) 0x0b); // start-group of field 1, 3000 levels deep
        List<byte[]> garbage = List.of(new byte[] {(byte) 0xff}, new byte[] {0x0a, (byte) 0x80}, nestingBomb,
                new byte[] {0x7a, 0x05, 0x0a}); // truncated varint, nesting bomb, length beyond the end
        try (FakeHbbs fake = FakeHbbs.start(); Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(device(fake, Fixtures.FAST), new TestIdentity("121212121"), links)) {
            m.start();
            assertThat(fake.receive().hasRegisterPk()).isTrue();
            for (byte[] g : garbage) {
                fake.send(g);
            }
            await().atMost(WAIT).until(() -> m.malformedDropped() == garbage.size());
            fake.send(PK_OK);
            assertThat(fake.receive(UnionCase.REGISTER_PEER).getRegisterPeer().getId()).isEqualTo("121212121");
            assertThat(m.registered()).isTrue();
        }
    }

    @Test
    void repeatedRequestsForOneControllerAreHandledOnce() throws Exception {
        Timings longWindow = Fixtures.FAST.toBuilder().duplicateWindow(Duration.ofSeconds(30)).build();
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 40001);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", 40002);
        try (FakeHbbs fake = FakeHbbs.start(); Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(device(fake, longWindow), new TestIdentity("131313131"), links)) {
            m.start();
            fake.receive(UnionCase.REGISTER_PK);
            fake.send(fetchLocalAddr(a));
            fake.send(fetchLocalAddr(a));
            fake.send(fetchLocalAddr(b));
            await().atMost(WAIT).until(() -> m.duplicatesDropped() == 1);
            List<InetSocketAddress> answeredFor = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                try (FramedConnection c = fake.accept()) {
                    LocalAddr la = c.readMessage(WAIT, false).orElseThrow().getLocalAddr();
                    assertThat(la.getId()).isEqualTo("131313131");
                    assertThat(la.getVersion()).isEqualTo("1.4.9");
                    assertThat(AddrMangle.decode(la.getLocalAddr().toByteArray()).getAddress().isLoopbackAddress())
                            .isTrue();
                    answeredFor.add(AddrMangle.decode(la.getSocketAddr().toByteArray()));
                }
            }
            assertThat(answeredFor).containsExactlyInAnyOrder(a, b);
            assertThat(m.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void autoModeRegistersOverTcpWhenUdpGoesUnanswered() throws Exception {
        Timings quickGiveUp = Fixtures.FAST.toBuilder().regTimeout(Duration.ofMillis(200)).tcpFallbackAfter(2).build();
        try (FakeHbbs fake = FakeHbbs.start(); Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(device(fake, quickGiveUp).withMode(MediatorConfig.Mode.AUTO),
                        new TestIdentity("141414141"), links)) {
            m.start();
            fake.receive(UnionCase.REGISTER_PK); // never answered over UDP
            try (FramedConnection link = fake.accept()) {
                link.sendHeartbeat(); // a first frame that is no KeyExchange: the link stays in clear
                RendezvousMessage rk = link.readMessage(WAIT, false).orElseThrow();
                assertThat(rk.getRegisterPk().getId()).isEqualTo("141414141");
                link.send(PK_OK);
                await().atMost(WAIT).until(m::registered);
                assertThat(m.tcpLinkSecured()).isFalse();
                link.sendHeartbeat();
                assertThat(link.readFrame(WAIT)).as("a heartbeat is answered with a heartbeat")
                        .hasValueSatisfying(f -> assertThat(f).isEmpty());
            }
        }
    }

    @Test
    void listenersBeyondTheCapRelayAndRequestsBeyondTheWorkerCapAreDropped() throws Exception {
        // one worker, one listener slot; a long linger keeps the worker on its hbbs connection
        Timings oneAtATime = Fixtures.FAST.toBuilder().maxIncoming(1).hbbsLinger(Duration.ofSeconds(5)).build();
        try (FakeHbbs fake = FakeHbbs.start(); Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(device(fake, oneAtATime), new TestIdentity("151515151"), links)) {
            m.start();
            fake.receive(UnionCase.REGISTER_PK);
            fake.send(fetchLocalAddr(new InetSocketAddress("127.0.0.1", 40003)));
            try (FramedConnection c = fake.accept()) {
                assertThat(c.readMessage(WAIT, false).orElseThrow().hasLocalAddr()).isTrue();
            } // the device now waits for the controller on its LAN listener, but not on its worker
            await().atMost(WAIT).until(() -> m.requestsInProgress() == 0);
            fake.send(fetchLocalAddr(new InetSocketAddress("127.0.0.1", 40004)));
            try (FramedConnection c = fake.accept()) {
                // no listener slot left: the device answers with a relay instead of a second listener
                assertThat(c.readMessage(WAIT, false).orElseThrow().hasRelayResponse()).isTrue();
                // its worker lingers on this connection: a third request finds no worker
                fake.send(fetchLocalAddr(new InetSocketAddress("127.0.0.1", 40005)));
                await().atMost(WAIT).until(() -> m.overloadDropped() == 1);
            }
        }
    }

    @Test
    void aBrokenTcpLinkIsDroppedAndTheDeviceConnectsAgain() throws Exception {
        try (FakeHbbs fake = FakeHbbs.start(); Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(device(fake, Fixtures.FAST).withMode(MediatorConfig.Mode.TCP),
                        new TestIdentity("161616161"), links)) {
            m.start();
            try (FramedConnection link = fake.accept()) {
                link.sendHeartbeat();
                assertThat(link.readMessage(WAIT, false).orElseThrow().hasRegisterPk()).isTrue();
                link.socket().getOutputStream().write(new byte[] {0x04, (byte) 0xff}); // one-byte frame: bad tag
                await().atMost(WAIT).until(() -> m.malformedDropped() == 1);
                link.socket().getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            } // a 1 GiB frame header: refused before buffering, the link is dropped
            try (FramedConnection again = fake.accept()) {
                again.sendHeartbeat();
                assertThat(again.readMessage(WAIT, false).orElseThrow().getRegisterPk().getId()).isEqualTo("161616161");
            }
        }
    }

    static RendezvousMessage fetchLocalAddr(InetSocketAddress controller) {
        return RendezvousMessage.newBuilder().setFetchLocalAddr(FetchLocalAddr.newBuilder()
                .setSocketAddr(ByteString.copyFrom(AddrMangle.encode(controller)))
                .setRelayServer("127.0.0.1:9")).build();
    }
}
