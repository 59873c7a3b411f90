package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bounded parsing: vectors.md V7, size limit, truncation, unknown fields, ByteBuf inputs. */
class ProtoParserTest {

    private static final HexFormat HEX = HexFormat.of();

    /** vectors.md V7: 300 000 start-group tags then 300 000 end-group tags. */
    private static final byte[] NESTING_BOMB = nestedGroups(300_000);

    /** Big enough to let the whole nesting bomb reach the parser. */
    private static final ProtoParser ROOMY = new ProtoParser(1 << 20,
            ProtoParser.DEFAULT_RECURSION_LIMIT);

    /** {@code RegisterPeer{id:"123456789"}}, servers.md §2.2. */
    private static final String REGISTER_PEER = "320b0a09313233343536373839";

    static Stream<Named<Function<byte[], Object>>> roots() {
        return Stream.of(
                Named.of("RendezvousMessage", ROOMY::parseRendezvous),
                Named.of("Message", ROOMY::parseMessage));
    }

    @ParameterizedTest
    @MethodSource("roots")
    void v7_nestingBombIsAnExceptionNotAStackOverflow(Function<byte[], Object> parse) {
        assertThatThrownBy(() -> parse.apply(NESTING_BOMB))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.rootType()).startsWith("hbb.");
                    assertThat(e.inputLength()).isEqualTo(600_000);
                    assertThat(e).hasMessageContaining("(600000 bytes)")
                            .hasMessageContaining("too many levels of nesting")
                            .hasCauseInstanceOf(InvalidProtocolBufferException.class);
                });
    }

    @Test
    void v7_protobufJavaItselfHasTheUnknownGroupFix() {
        assertThatThrownBy(() -> RendezvousMessage.parseFrom(NESTING_BOMB))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> Message.parseFrom(NESTING_BOMB))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void v7_defaultLimitsRefuseTheBombBySize() {
        assertThatThrownBy(() -> ProtoParser.DEFAULT.parseRendezvous(NESTING_BOMB))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("hbb.RendezvousMessage (600000 bytes)")
                .hasMessageContaining("exceeds the size limit 65536");
    }

    @Test
    void recursionLimitIsOursNotProtobufsDefault() {
        assertThat(ProtoParser.DEFAULT.parseRendezvous(nestedGroups(20)).getUnknownFields()
                .asMap()).containsKey(1);
        assertThatThrownBy(() -> ProtoParser.DEFAULT.parseRendezvous(nestedGroups(40)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nesting");
        assertThatThrownBy(() -> new ProtoParser(1024, 4).parseMessage(nestedGroups(10)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("hbb.Message");
    }

    @Test
    void defaultRecursionLimitLeavesRoomForTheDeepestSchemaNesting() {
        int rendezvousDepth = depth(RendezvousMessage.getDescriptor(), new HashSet<>());
        int messageDepth = depth(Message.getDescriptor(), new HashSet<>());

        assertThat(rendezvousDepth).isEqualTo(3);
        assertThat(messageDepth).isEqualTo(6);
        assertThat(Math.max(rendezvousDepth, messageDepth))
                .isLessThan(ProtoParser.DEFAULT_RECURSION_LIMIT / 4);
    }

    @Test
    void inputAboveTheSizeLimitIsRefused() {
        byte[] bytes = HEX.parseHex(REGISTER_PEER);
        assertThat(new ProtoParser(bytes.length, 8).parseRendezvous(bytes).getRegisterPeer()
                .getId()).isEqualTo("123456789");
        assertThatThrownBy(() -> new ProtoParser(bytes.length - 1, 8).parseRendezvous(bytes))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.inputLength()).isEqualTo(13))
                .hasMessageContaining("exceeds the size limit 12");
        assertThatThrownBy(() -> new ProtoParser(bytes.length - 1, 8)
                        .parseRendezvous(Unpooled.wrappedBuffer(bytes)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void truncatedMessageIsRefused() {
        byte[] bytes = HEX.parseHex("3c420d0a093132333435363738391002".substring(2));
        assertThat(ProtoParser.DEFAULT.parseRendezvous(bytes).getPunchHoleRequest().getNatType())
                .isEqualTo(NatType.SYMMETRIC);
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ProtoParser.DEFAULT.parseRendezvous(truncated))
                    .as("first %d bytes", length)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void strayEndGroupTagIsRefusedNotAnEarlyStop() {
        assertThatThrownBy(() -> ProtoParser.DEFAULT.parseRendezvous(HEX.parseHex("0c")))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ProtoParser.DEFAULT.parseRendezvous(
                        HEX.parseHex(REGISTER_PEER + "0c" + "3a0110")))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void emptyInputIsTheEmptyMessage() {
        assertThat(ProtoParser.DEFAULT.parseRendezvous(new byte[0]).getUnionCase())
                .isEqualTo(RendezvousMessage.UnionCase.UNION_NOT_SET);
    }

    @Test
    void unknownFieldsSurviveReserialisation() {
        String rendezvous = "320e0a09313233343536373839980607" // register_peer{id, #99: 7}
                + "13080114"                                // #2: group{#1: 1}
                + "c23e026869";                             // #1000: "hi"
        RendezvousMessage parsed = ProtoParser.DEFAULT.parseRendezvous(HEX.parseHex(rendezvous));
        assertThat(parsed.getRegisterPeer()).extracting(RegisterPeer::getId).isEqualTo("123456789");
        assertThat(parsed.getRegisterPeer().getUnknownFields().hasField(99)).isTrue();
        assertThat(HEX.formatHex(parsed.toByteArray())).isEqualTo(rendezvous);

        String session = "7005" + "c23e026869"; // cursor_id: 5, #1000: "hi"
        Message message = ProtoParser.DEFAULT.parseMessage(HEX.parseHex(session));
        assertThat(message.getCursorId()).isEqualTo(5);
        assertThat(HEX.formatHex(message.toByteArray())).isEqualTo(session);
    }

    @Test
    void byteBufInputsOfEveryKindAreReadInPlace() {
        byte[] bytes = HEX.parseHex(REGISTER_PEER);
        ByteBuf heap = Unpooled.buffer().writeBytes(HEX.parseHex("ffff")).writeBytes(bytes);
        heap.skipBytes(2);
        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes);
        CompositeByteBuf composite = Unpooled.compositeBuffer().addComponents(true,
                Unpooled.wrappedBuffer(bytes, 0, 5), Unpooled.wrappedBuffer(bytes, 5, 8));

        for (ByteBuf buf : new ByteBuf[] {heap, direct, composite}) {
            int readerIndex = buf.readerIndex();
            assertThat(ProtoParser.DEFAULT.parseRendezvous(buf).getRegisterPeer().getId())
                    .isEqualTo("123456789");
            assertThat(buf.readerIndex()).isEqualTo(readerIndex);
            assertThat(buf.refCnt()).isEqualTo(1);
            assertThat(buf.release()).isTrue();
        }
        ByteBuf session = Unpooled.wrappedBuffer(HEX.parseHex("7005"));
        assertThat(ProtoParser.DEFAULT.parseMessage(session).getCursorId()).isEqualTo(5);
        session.release();
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> new ProtoParser(-1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtoParser(1024, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code n} start-group tags of field 1 ({@code 0b}) then {@code n} end-group tags. */
    private static byte[] nestedGroups(int n) {
        byte[] bytes = new byte[2 * n];
        Arrays.fill(bytes, 0, n, (byte) 0x0b);
        Arrays.fill(bytes, n, 2 * n, (byte) 0x0c);
        return bytes;
    }

    /** Message nesting levels below and including {@code type}; fails on a recursive type. */
    private static int depth(Descriptor type, Set<String> path) {
        assertThat(path.add(type.getFullName())).as("recursive type %s", type.getFullName())
                .isTrue();
        int deepest = 0;
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                deepest = Math.max(deepest, depth(field.getMessageType(), path));
            }
        }
        path.remove(type.getFullName());
        return 1 + deepest;
    }
}
