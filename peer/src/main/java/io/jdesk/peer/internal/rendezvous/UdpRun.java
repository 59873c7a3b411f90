package io.jdesk.peer.internal.rendezvous;

import io.jdesk.peer.internal.rendezvous.Mediator.UdpOutcome;
import io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Transport;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP registration run (peer.md §2.2-2.4) on the {@link Mediator}'s loop thread: a fresh UDP
 * socket, one RendezvousMessage per datagram both ways, ticks from the schedule. Datagrams from
 * anyone but hbbs are ignored (hbbs is the only one entitled to ask us to connect somewhere);
 * datagrams that do not parse are counted and dropped.
 */
final class UdpRun {

    private static final Logger LOG = LoggerFactory.getLogger(UdpRun.class);

    /** Largest UDP payload; one buffer per run, so nothing is ever truncated. */
    private static final int MAX_DATAGRAM = 65_535;

    private final Mediator mediator;
    private final RegistrationSchedule schedule;
    private final MediatorConfig config;
    private final Closer closer;
    private volatile DatagramSocket socket;

    UdpRun(Mediator mediator, RegistrationSchedule schedule, MediatorConfig config, Closer closer) {
        this.mediator = mediator;
        this.schedule = schedule;
        this.config = config;
        this.closer = closer;
    }

    InetSocketAddress localAddress() {
        DatagramSocket s = socket;
        return s == null ? null : (InetSocketAddress) s.getLocalSocketAddress();
    }

    /**
     * Registers until closed, or until registrations keep going unanswered: in AUTO mode after
     * {@link Timings#tcpFallbackAfter()} of them, in UDP mode when also a minute has passed since
     * the socket was bound (the official rebind rule).
     */
    UdpOutcome run(InetSocketAddress hbbs) throws IOException {
        DatagramSocket s = closer.track(new DatagramSocket(Sockets.localFor(hbbs, 0)));
        socket = s;
        Mediator.Sender out = m -> {
            byte[] b = m.toByteArray();
            s.send(new DatagramPacket(b, b.length, hbbs));
        };
        long started = mediator.now();
        long tick = config.timings().tick().toMillis();
        long nextTick = started;
        schedule.start(Transport.UDP, started);
        LOG.info("registering {} with {} over UDP from {}", mediator.id(), hbbs, s.getLocalSocketAddress());
        byte[] buf = new byte[MAX_DATAGRAM];
        try {
            while (!mediator.isClosed()) {
                long now = mediator.now();
                if (now >= nextTick) {
                    send(schedule.onTick(now), out);
                    nextTick = now + tick;
                    if (schedule.failing() && (config.mode() == MediatorConfig.Mode.AUTO
                            || now - started >= Mediator.REBIND_INTERVAL_MILLIS)) {
                        return UdpOutcome.UNANSWERED;
                    }
                }
                s.setSoTimeout((int) Math.max(1, nextTick - mediator.now()));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                onDatagram(hbbs, p, buf, out);
            }
            return UdpOutcome.CLOSED;
        } catch (SocketException e) {
            if (mediator.isClosed()) {
                return UdpOutcome.CLOSED;
            }
            throw e;
        } finally {
            socket = null;
            closer.release(s);
            s.close();
        }
    }

    private void onDatagram(InetSocketAddress hbbs, DatagramPacket p, byte[] buf, Mediator.Sender out) {
        if (!hbbs.equals(p.getSocketAddress())) {
            LOG.debug("ignored a datagram from {}: not hbbs", p.getSocketAddress());
            return;
        }
        Optional<RendezvousMessage> m = FramedConnection.parse(Arrays.copyOf(buf, p.getLength()), hbbs);
        if (m.isEmpty()) {
            mediator.countMalformed();
            return;
        }
        try {
            mediator.onMessage(m.get(), out);
        } catch (IOException e) {
            LOG.debug("sending to {} failed: {}", hbbs, e.toString()); // like a lost datagram
        }
    }

    private void send(RegistrationSchedule.Action a, Mediator.Sender out) {
        try {
            mediator.act(a, out);
        } catch (IOException e) {
            LOG.debug("registration datagram not sent: {}", e.toString()); // retried on the schedule
        }
    }
}
