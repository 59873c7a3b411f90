package io.jdesk.server.relay;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;

/**
 * First handler of every relay connection: drops {@code read()} once the connection's input has
 * ended (the client sent FIN; with half-closure Netty has by then delivered every byte before
 * it). There is nothing left to read, and on the epoll transport of Netty 4.2.18 asking would
 * fail: a channel that wants no event at all (reads off, FIN seen, nothing to write) has its fd
 * deleted from the epoll set while the registration still counts as added, so the next interest
 * is an {@code EPOLL_CTL_MOD} of an fd that is not there — "epoll_ctl(..) failed with error(-2):
 * No such file or directory" — and the channel fails. A waiter that sent its bytes and a FIN
 * (kept waiting, as in OSS) was paired into exactly that (found by fuzzing, docs/reliability.md).
 */
@Sharable
final class HalfClosedReadGate extends ChannelOutboundHandlerAdapter {

    static final HalfClosedReadGate INSTANCE = new HalfClosedReadGate();

    private HalfClosedReadGate() {}

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel d && d.isInputShutdown()) {
            return;
        }
        ctx.read();
    }
}
