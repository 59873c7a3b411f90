package io.jdesk.server.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.crypto.BoxKeyPair;
import io.jdesk.protocol.crypto.DecryptionException;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.KeyExchange;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server half of KeyExchange ("secure TCP", spec/servers.md §7.5, peer.md §2.5), a
 * per-connection layer between the frame codec and {@link RendezvousCodec}.
 *
 * <pre>
 * accept:  S→C  KeyExchange{keys:[ sign(eph_pk) ]}         64-byte signature ‖ 32-byte X25519 pk
 * client:  C→S  KeyExchange{keys:[ c_pk(32), box(K)(48) ]} as its FIRST frame, or anything else
 * then:    every payload both ways = secretbox(payload, LE64(counter) ‖ 0^16, K); payloads of
 *          length ≤ 1 (heartbeats) pass unencrypted both ways
 * </pre>
 *
 * A client that does not answer with a two-key KeyExchange as its first frame (the NAT test,
 * a controller without an access token, a device's PunchHoleSent connection) simply stays in
 * plain text: the official client skips up to one KeyExchange it did not ask for. A malformed
 * KeyExchange reply (wrong key count or sizes, a box that does not open) closes the
 * connection. Only installed on TCP port P when the server has a signing key; WebSocket
 * clients never run KeyExchange. One instance per connection, used on its event loop.
 */
final class SecureTcpHandler extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SecureTcpHandler.class);

    private final SigningKeyPair serverKey;
    private final ProtoParser parser;
    private BoxKeyPair ephemeral;
    private StreamCipher cipher;
    private boolean firstFrameSeen;

    SecureTcpHandler(SigningKeyPair serverKey, ProtoParser parser) {
        this.serverKey = serverKey;
        this.parser = parser;
    }

    /** Whether the client completed KeyExchange and the stream is encrypted. */
    boolean isSecured() {
        return cipher != null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ephemeral = BoxKeyPair.generate();
        RendezvousMessage hello = RendezvousMessage.newBuilder()
                .setKeyExchange(KeyExchange.newBuilder()
                        .addKeys(ByteString.copyFrom(serverKey.sign(ephemeral.publicKey()))))
                .build();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(hello.toByteArray()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf payload = (ByteBuf) msg;
        if (cipher != null) {
            ctx.fireChannelRead(decrypt(payload));
            return;
        }
        boolean first = !firstFrameSeen && payload.isReadable();
        firstFrameSeen |= payload.isReadable();
        if (first && ephemeral != null) {
            Optional<KeyExchange> kx = keyExchangeIn(payload);
            if (kx.isPresent()) {
                payload.release();
                accept(ctx, kx.get());
                return;
            }
        }
        ctx.fireChannelRead(payload);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (cipher != null && msg instanceof ByteBuf buf && buf.readableBytes() > 0) {
            byte[] plain = ByteBufUtil.getBytes(buf);
            buf.release();
            ctx.write(Unpooled.wrappedBuffer(cipher.seal(plain)), promise);
            return;
        }
        ctx.write(msg, promise);
    }

    private ByteBuf decrypt(ByteBuf payload) {
        if (payload.readableBytes() <= StreamCipher.PASSTHROUGH_MAX_LENGTH) {
            return payload;
        }
        byte[] sealed = ByteBufUtil.getBytes(payload);
        payload.release();
        try {
            return Unpooled.wrappedBuffer(cipher.open(sealed));
        } catch (DecryptionException e) {
            throw new SecureTcpException("decryption error on secure TCP: " + e.getMessage());
        }
    }

    private Optional<KeyExchange> keyExchangeIn(ByteBuf payload) {
        try {
            RendezvousMessage m = parser.parseRendezvous(payload);
            return m.hasKeyExchange() ? Optional.of(m.getKeyExchange()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not ours to judge: the codec after us reports it
        }
    }

    private void accept(ChannelHandlerContext ctx, KeyExchange kx) {
        if (kx.getKeysCount() != 2 || kx.getKeys(0).size() != Sodium.BOX_PUBLIC_KEY_BYTES
                || kx.getKeys(1).size() != SealedKey.SEALED_BYTES) {
            throw new SecureTcpException("KeyExchange from client needs [pk(32), sealed(48)]; got "
                    + kx.getKeysCount() + " keys");
        }
        SessionKey key = SealedKey.open(kx.getKeys(1).toByteArray(), kx.getKeys(0).toByteArray(),
                ephemeral).orElseThrow(() -> new SecureTcpException("KeyExchange: sealed key does not open"));
        cipher = new StreamCipher(key);
        ephemeral = null;
        LOG.debug("secure TCP established with {}", ctx.channel().remoteAddress());
    }

    /** A broken KeyExchange or encrypted stream; the connection is closed. */
    static final class SecureTcpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecureTcpException(String message) {
            super(message);
        }
    }
}
