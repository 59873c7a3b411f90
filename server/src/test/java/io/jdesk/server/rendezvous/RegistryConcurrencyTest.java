package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.TestPeers.PK_A;
import static io.jdesk.server.rendezvous.TestPeers.UUID_A;
import static io.jdesk.server.rendezvous.TestPeers.addr;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.jdesk.server.store.StoredPeer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Event-loop threads heartbeat (from the bound IP and from the IP a device is moving away from
 * or to) while the store thread moves devices between two IPs with RegisterPk. Afterwards every
 * peer's address must be on the IP bound on disk: a stale heartbeat must never undo a move.
 */
class RegistryConcurrencyTest {

    private static final int PEERS = 64;
    private static final int LOOPS = 4;
    private static final int ROUNDS = 100;

    @Test
    void heartbeatsDuringRegisterPkLeaveAConsistentState() throws InterruptedException {
        Logger logger = (Logger) LoggerFactory.getLogger(PeerRegistry.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN); // "IP change" lines by the ten thousand otherwise
        try {
            run();
        } finally {
            logger.setLevel(level);
        }
    }

    /**
     * The interleaving the stress test hopes to hit, forced: a heartbeat from the old IP but a
     * new port has decided "same IP" when a RegisterPk moves the device; the heartbeat must then
     * not put the old IP back.
     */
    @Test
    void staleHeartbeatCannotUndoAConfirmedMove() {
        HookClock clock = new HookClock();
        FakePeerStore store = new FakePeerStore();
        PeerRegistry registry = new PeerRegistry(store, clock);
        registry.registerPk("device0", UUID_A, PK_A, source(0, 0, 40000));
        InetSocketAddress moved = source(0, 1, 50000);
        clock.beforeNextRead(() -> assertThat(registry.registerPk("device0", UUID_A, PK_A, moved))
                .isEqualTo(RegisterPkResult.OK));

        RegisterPeerResult r = registry.onRegisterPeer("device0", source(0, 0, 40001));

        assertThat(r).isEqualTo(RegisterPeerResult.REQUEST_PK);
        assertThat(registry.findInMemory("device0").orElseThrow().address()).isEqualTo(moved);
    }

    private void run() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        FakePeerStore store = new FakePeerStore();
        PeerRegistry registry = new PeerRegistry(store, clock);
        for (int p = 0; p < PEERS; p++) {
            assertThat(registry.registerPk(id(p), UUID_A, PK_A, source(p, 0, 1))).isEqualTo(RegisterPkResult.OK);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < LOOPS; t++) {
            Thread loop = new Thread(() -> heartbeat(registry, stop, failures), "loop-" + t);
            loops.add(loop);
            loop.start();
        }
        for (int round = 1; round <= ROUNDS; round++) {
            clock.advance(Duration.ofSeconds(61)); // clear the per-peer and per-IP bursts
            for (int p = 0; p < PEERS; p++) {
                RegisterPkResult r = registry.registerPk(id(p), UUID_A, PK_A, source(p, round % 2, 1000 + round));
                assertThat(r).isEqualTo(RegisterPkResult.OK);
            }
        }
        stop.set(true);
        for (Thread loop : loops) {
            loop.join();
        }
        assertThat(failures).isEmpty();
        for (int p = 0; p < PEERS; p++) {
            PeerSnapshot peer = registry.findInMemory(id(p)).orElseThrow();
            StoredPeer row = store.row(id(p)).orElseThrow();
            assertThat(peer.ip()).isEqualTo(row.ip()).isEqualTo(source(p, ROUNDS % 2, 0).getAddress().getHostAddress());
            assertThat(IpKey.of(peer.address().getAddress())).as(id(p)).isEqualTo(IpKey.parse(peer.ip()));
        }
    }

    private static void heartbeat(PeerRegistry registry, AtomicBoolean stop, Queue<Throwable> failures) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (!stop.get()) {
                int p = random.nextInt(PEERS + 8); // a few unknown IDs too
                registry.onRegisterPeer(id(p), source(p, random.nextInt(2), 2000 + random.nextInt(100)));
                registry.findInMemory(id(p));
                registry.onlineStates(List.of(id(p), id(0)));
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    /** A clock at 0 that runs a one-shot action the next time it is read. */
    private static final class HookClock implements MonotonicClock {
        private final AtomicReference<Runnable> hook = new AtomicReference<>();

        void beforeNextRead(Runnable action) {
            hook.set(action);
        }

        @Override
        public long nanoTime() {
            Runnable action = hook.getAndSet(null);
            if (action != null) {
                action.run();
            }
            return 0;
        }
    }

    private static String id(int p) {
        return "device" + p;
    }

    /** Peer {@code p}'s two homes: 10.side.p/256.p%256. */
    private static InetSocketAddress source(int p, int side, int port) {
        return addr("10." + side + "." + (p / 256) + "." + (p % 256), port);
    }
}
