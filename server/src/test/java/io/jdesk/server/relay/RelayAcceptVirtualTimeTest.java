package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.codec.ProtoParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OSS 30 s waits of the accept path with the default configuration, on virtual time. */
class RelayAcceptVirtualTimeTest {

    static final InetSocketAddress CLIENT = new InetSocketAddress(RelayHarness.LO, 40000);

    @TempDir Path dir;
    final MockTicker ticker = Ticker.newMockTicker();

    RelayContext context() throws Exception {
        RelayConfig c = RelayHarness.config(dir);
        return new RelayContext(c, new ProtoParser(c.maxFirstFrame(), ProtoParser.DEFAULT_RECURSION_LIMIT),
                new IpList(), new IpList(), new BandwidthControl(c.bandwidth(), ticker), new UsageTable(),
                new PendingRelays(c.pendingCapacity(), c.unpairedPerIp()), new RelayStats(), false);
    }

    EmbeddedChannel channel(RelayContext cx) {
        return new EmbeddedChannel(EmbeddedChannel.builder().ticker(ticker).handlers(
                new FirstFrameDecoder(cx.config().maxFirstFrame()), new RelayAcceptHandler(cx, false))) {
            @Override
            protected SocketAddress remoteAddress0() {
                return CLIENT;
            }
        };
    }

    @Test
    void noFirstFrameWithin30sCloses() throws Exception {
        EmbeddedChannel ch = channel(context());
        ticker.advance(29_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ticker.advance(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anUnpairedSideWaits30sAfterItsRequest() throws Exception {
        RelayContext cx = context();
        EmbeddedChannel ch = channel(cx);
        ticker.advance(20, TimeUnit.SECONDS);
        ch.writeInbound(Unpooled.wrappedBuffer(FrameCodec.encode(
                TcpPeer.deviceRequest("uuid-1", "").toByteArray())));
        assertThat(cx.pending().size()).isEqualTo(1);
        ticker.advance(29_999, TimeUnit.MILLISECONDS); // the first-frame timer no longer applies
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ticker.advance(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(cx.pending().size()).isZero();
    }
}
