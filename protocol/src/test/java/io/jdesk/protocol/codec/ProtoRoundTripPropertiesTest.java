package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.proto.ConnType;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHole;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code parse(serialize(m)) == m} for generated rendezvous messages, bare and framed. */
class ProtoRoundTripPropertiesTest {

    @Property
    void parseInvertsSerialise(@ForAll("messages") RendezvousMessage message) {
        assertThat(ProtoParser.DEFAULT.parseRendezvous(message.toByteArray())).isEqualTo(message);
    }

    @Property(tries = 200)
    void framedParseInvertsSerialise(@ForAll("messages") RendezvousMessage message) {
        List<byte[]> frames = new FrameCodec.Decoder()
                .decode(FrameCodec.encode(message.toByteArray()));
        assertThat(frames).hasSize(1);
        assertThat(ProtoParser.DEFAULT.parseRendezvous(frames.get(0))).isEqualTo(message);
    }

    @Provide
    Arbitrary<RendezvousMessage> messages() {
        return Arbitraries.oneOf(registerPeer(), punchHoleRequest(), registerPk(), punchHole(),
                relayResponse());
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('ü', 'é', '中')
                .ofMaxLength(48);
    }

    private static Arbitrary<ByteString> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(48).map(ByteString::copyFrom);
    }

    private static Arbitrary<RendezvousMessage> registerPeer() {
        return Builders.withBuilder(RegisterPeer::newBuilder)
                .use(text()).in(RegisterPeer.Builder::setId)
                .use(Arbitraries.integers()).in(RegisterPeer.Builder::setSerial)
                .build(b -> RendezvousMessage.newBuilder().setRegisterPeer(b).build());
    }

    private static Arbitrary<RendezvousMessage> punchHoleRequest() {
        return Builders.withBuilder(PunchHoleRequest::newBuilder)
                .use(text()).in(PunchHoleRequest.Builder::setId)
                .use(Arbitraries.of(NatType.UNKNOWN_NAT, NatType.ASYMMETRIC, NatType.SYMMETRIC))
                .in(PunchHoleRequest.Builder::setNatType)
                .use(text()).in(PunchHoleRequest.Builder::setLicenceKey)
                .use(Arbitraries.of(ConnType.DEFAULT_CONN, ConnType.FILE_TRANSFER, ConnType.RDP))
                .in(PunchHoleRequest.Builder::setConnType)
                .use(text()).in(PunchHoleRequest.Builder::setVersion)
                .use(Arbitraries.integers()).in(PunchHoleRequest.Builder::setUdpPort)
                .use(Arbitraries.of(true, false)).in(PunchHoleRequest.Builder::setForceRelay)
                .use(bytes()).in(PunchHoleRequest.Builder::setSocketAddrV6)
                .build(b -> RendezvousMessage.newBuilder().setPunchHoleRequest(b).build());
    }

    private static Arbitrary<RendezvousMessage> registerPk() {
        return Builders.withBuilder(RegisterPk::newBuilder)
                .use(text()).in(RegisterPk.Builder::setId)
                .use(bytes()).in(RegisterPk.Builder::setUuid)
                .use(bytes()).in(RegisterPk.Builder::setPk)
                .use(text()).in(RegisterPk.Builder::setOldId)
                .use(Arbitraries.of(true, false)).in(RegisterPk.Builder::setNoRegisterDevice)
                .build(b -> RendezvousMessage.newBuilder().setRegisterPk(b).build());
    }

    private static Arbitrary<RendezvousMessage> punchHole() {
        return Builders.withBuilder(PunchHole::newBuilder)
                .use(bytes()).in(PunchHole.Builder::setSocketAddr)
                .use(text()).in(PunchHole.Builder::setRelayServer)
                .use(Arbitraries.of(NatType.ASYMMETRIC, NatType.SYMMETRIC))
                .in(PunchHole.Builder::setNatType)
                .use(Arbitraries.integers()).in(PunchHole.Builder::setUpnpPort)
                .build(b -> RendezvousMessage.newBuilder().setPunchHole(b).build());
    }

    private static Arbitrary<RendezvousMessage> relayResponse() {
        return Builders.withBuilder(RelayResponse::newBuilder)
                .use(bytes()).in(RelayResponse.Builder::setSocketAddr)
                .use(text()).in(RelayResponse.Builder::setUuid)
                .use(text()).in(RelayResponse.Builder::setRelayServer)
                .use(text()).withProbability(0.5).in(RelayResponse.Builder::setId)
                .use(bytes()).withProbability(0.5).in(RelayResponse.Builder::setPk)
                .use(Arbitraries.integers()).in(RelayResponse.Builder::setFeedback)
                .build(b -> RendezvousMessage.newBuilder().setRelayResponse(b).build());
    }
}
