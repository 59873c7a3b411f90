package io.jdesk.peer.internal.rendezvous;

import io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Transport;
import io.jdesk.protocol.crypto.CryptoException;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP registration run (peer.md §2.5) on the {@link Mediator}'s loop thread: connect to hbbs
 * port P, {@code secure_tcp} with the configured server key, RegisterPk until confirmed, answer
 * heartbeats, and handle PunchHole / FetchLocalAddr / RequestRelay arriving on the link exactly
 * as over UDP. Once the key is confirmed, RegisterPk goes out again every registration interval
 * as a probe ({@link RegistrationSchedule}). Ends with an exception when hbbs closes the link,
 * leaves a probe unanswered for the registration timeout, or stays silent for 1.5 × keep-alive;
 * the mediator then starts again.
 */
final class TcpRun {

    private static final Logger LOG = LoggerFactory.getLogger(TcpRun.class);

    private final Mediator mediator;
    private final RegistrationSchedule schedule;
    private final MediatorConfig config;
    private final Closer closer;
    private volatile boolean registeredOnce;
    private volatile boolean secured;

    TcpRun(Mediator mediator, RegistrationSchedule schedule, MediatorConfig config, Closer closer) {
        this.mediator = mediator;
        this.schedule = schedule;
        this.config = config;
        this.closer = closer;
    }

    /** Whether KeyExchange encrypted this run's link. */
    boolean secured() {
        return secured;
    }

    /** Whether hbbs confirmed our key during this run. */
    boolean registeredOnce() {
        return registeredOnce;
    }

    void run(InetSocketAddress hbbs) throws IOException {
        VerifyKey serverKey;
        try {
            serverKey = VerifyKey.fromBase64(Endpoints.licenceKey(config.key()));
        } catch (CryptoException e) {
            throw new IOException("the server key is not a Base64 Ed25519 public key, so KeyExchange cannot be"
                    + " verified", e);
        }
        Timings t = config.timings();
        FramedConnection c = closer.track(FramedConnection.open(hbbs, false, t.connectTimeout()));
        try {
            secured = c.secureAsClient(serverKey, t.readTimeout());
            LOG.info("registering {} with {} over TCP ({})", mediator.id(), hbbs, secured ? "encrypted" : "in clear");
            long nextTick = mediator.now();
            schedule.start(Transport.TCP, nextTick);
            while (!mediator.isClosed()) {
                long now = mediator.now();
                if (now >= nextTick) {
                    mediator.act(schedule.onTick(now), c::send);
                    nextTick = now + t.tick().toMillis();
                }
                Optional<byte[]> frame = c.readFrame(Duration.ofMillis(Math.max(0, nextTick - mediator.now())));
                if (frame.isPresent()) {
                    onFrame(hbbs, c, frame.get());
                }
            }
        } catch (IOException e) {
            if (!mediator.isClosed()) {
                throw e;
            }
        } finally {
            closer.release(c);
            c.close();
        }
    }

    private void onFrame(InetSocketAddress hbbs, FramedConnection c, byte[] payload) throws IOException {
        schedule.onHeard(mediator.now());
        if (payload.length == 0) {
            c.sendHeartbeat(); // peer.md §2.5: answer the server's heartbeat
            return;
        }
        Optional<RendezvousMessage> m = FramedConnection.parse(payload, hbbs);
        if (m.isEmpty()) {
            mediator.countMalformed();
            return;
        }
        mediator.onMessage(m.get(), c::send);
        if (schedule.keyConfirmed()) {
            registeredOnce = true;
        }
    }
}
