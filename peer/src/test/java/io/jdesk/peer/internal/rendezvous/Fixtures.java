package io.jdesk.peer.internal.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.IdPk;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Shared set-up of the rendezvous tests: short timings, configs for a harness, byte checks. */
final class Fixtures {

    /**
     * Official values except where a test would wait for them: a 100 ms tick, restarts 200 ms
     * apart, 5 s connect/accept/read limits, 2 s punch answer steps.
     */
    static final Timings FAST = Timings.DEFAULT.toBuilder()
            .tick(Duration.ofMillis(100))
            .restartDelay(Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5))
            .punchWaitStep(Duration.ofSeconds(2))
            .hbbsLinger(Duration.ofMillis(300))
            .build();

    /** How long a test waits for something that takes milliseconds when it works. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private Fixtures() {
    }

    static MediatorConfig device(ServerHarness h) {
        return MediatorConfig.of(h.rendezvous(), h.key()).withMode(MediatorConfig.Mode.UDP).withNatTest(false)
                .withTimings(FAST);
    }

    static DialerConfig controller(ServerHarness h) {
        return DialerConfig.of(h.rendezvous(), h.key()).withNatTest(false).withTimings(FAST);
    }

    /** Collects what a Mediator hands to the session layer. */
    static final class Links implements Consumer<PeerLink>, AutoCloseable {
        private final BlockingQueue<PeerLink> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(PeerLink link) {
            queue.add(link);
        }

        PeerLink next() throws InterruptedException {
            PeerLink link = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(link).as("a PeerLink within " + WAIT).isNotNull();
            return link;
        }

        @Override
        public void close() throws IOException {
            for (PeerLink l : queue) {
                l.socket().close();
            }
        }
    }

    /** Proves that the two sockets are the two ends of one stream: a few bytes each way. */
    static void exchange(Socket controller, Socket device) throws IOException {
        send(controller, "ping from A");
        assertThat(receive(device, "ping from A".length())).isEqualTo("ping from A");
        send(device, "pong from B");
        assertThat(receive(controller, "pong from B".length())).isEqualTo("pong from B");
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String receive(Socket s, int n) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** The signed pk is hbbs's signature over IdPk{id, the device's Ed25519 key} (peer.md §5.2). */
    static void assertSignedBy(ServerHarness h, byte[] signedPk, TestIdentity device) throws IOException {
        byte[] idPk = VerifyKey.fromBase64(h.key()).open(signedPk).orElseThrow(
                () -> new AssertionError("PeerLink.signedPk is not signed by the server key"));
        IdPk parsed = IdPk.parseFrom(idPk);
        assertThat(parsed.getId()).isEqualTo(device.id());
        assertThat(parsed.getPk().toByteArray()).isEqualTo(device.keyPair().publicKey());
    }
}
