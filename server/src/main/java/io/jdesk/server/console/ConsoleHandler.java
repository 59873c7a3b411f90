package io.jdesk.server.console;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a listener that may carry an admin console (hbbs P-1, hbbr R). It looks at
 * the first read only: from an admitted peer, printable text is a console command — answered
 * in plain text, then the connection closes, as OSS does; anything else (and everything from
 * other peers) passes on to the protocol pipeline and this handler removes itself. One
 * instance per connection.
 */
public final class ConsoleHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);

    private final ConsolePolicy policy;
    private final Function<String, String> console;

    /** @param console runs one authorised command line and returns the text answer */
    public ConsoleHandler(ConsolePolicy policy, Function<String, String> console) {
        this.policy = policy;
        this.console = console;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        byte[] first = ByteBufUtil.getBytes(in, in.readerIndex(),
                Math.min(in.readableBytes(), ConsolePolicy.MAX_COMMAND_BYTES));
        if (!policy.admits(peer.getAddress()) || !ConsolePolicy.looksLikeCommand(first)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(in);
            return;
        }
        in.release();
        Optional<String> command = policy.authorize(new String(first, StandardCharsets.UTF_8));
        String answer;
        if (command.isEmpty()) {
            LOG.warn("admin console: wrong or missing token from {}", peer);
            answer = "unauthorized\n";
        } else {
            LOG.info("admin console command from {}: {}", peer, command.get().split(" ", 2)[0]);
            answer = console.apply(command.get());
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.UTF_8))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
