package io.jdesk.peer.internal.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.proto.ConnType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hbbs restarted under a registered device (issue 6, faults): the device is reachable again
 * within one registration interval, over UDP (RegisterPeer → request_pk → RegisterPk) and over
 * TCP (the link breaks, the device connects again after the restart delay).
 *
 * <p>A TCP device used to notice a dead link only by hbbs's close or by 1.5 × keep-alive of
 * silence (90 s): a close that never arrives (the last test: the old link goes half-open) kept it
 * away that long. It now probes with RegisterPk every registration interval and reconnects when
 * the answer does not come within the registration timeout, so it is back within interval +
 * timeout even then.
 */
class MediatorRestartTest {

    /** One registration interval, shortened from 15 s so the test stays quick. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Timings TIMINGS = Fixtures.FAST.toBuilder().regInterval(INTERVAL).build();

    @TempDir Path dir;

    @Test
    void aUdpDeviceIsBackWithinOneRegistrationInterval() throws Exception {
        backAfterRestart(MediatorConfig.Mode.UDP);
    }

    @Test
    void aTcpDeviceIsBackWithinOneRegistrationInterval() throws Exception {
        backAfterRestart(MediatorConfig.Mode.TCP);
    }

    @Test
    void aTcpDeviceWhoseOldLinkNeverClosesIsBackWithinIntervalPlusTimeout() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir, MediatorPathsTest.PUNCH);
                SilencingProxy proxy = new SilencingProxy(h.rendezvousAddress())) {
            MediatorConfig config = MediatorConfig.of(proxy.address(), h.key()).withMode(MediatorConfig.Mode.TCP)
                    .withNatTest(false).withTimings(TIMINGS);
            // bound: the probe is due at most one interval after the last, then waits regTimeout
            // through the proxy hbbs sees the proxy's ports, so the punch cannot work: the relay does
            backAfter(h, config, INTERVAL.plus(TIMINGS.regTimeout()), ConnectPath.RELAY, () -> {
                proxy.silence(); // the old link's close will never reach the device
                h.restartHbbs();
            });
            assertThat(proxy.accepted()).as("the device connected again").isGreaterThanOrEqualTo(2);
        }
    }

    private void backAfterRestart(MediatorConfig.Mode mode) throws Exception {
        try (ServerHarness h = ServerHarness.start(dir, MediatorPathsTest.PUNCH)) {
            backAfter(h, Fixtures.device(h).withMode(mode).withTimings(TIMINGS), INTERVAL, ConnectPath.DIRECT,
                    h::restartHbbs);
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Registers a device with {@code config}, injects {@code fault}, then dials it until the dial
     * succeeds: within {@code bound} plus 3 s for the dial itself and a loaded machine.
     */
    private void backAfter(ServerHarness h, MediatorConfig config, Duration bound, ConnectPath path, Fault fault)
            throws Exception {
        TestIdentity identity = new TestIdentity("246813579");
        try (Fixtures.Links links = new Fixtures.Links(); Mediator device = new Mediator(config, identity, links)) {
            device.start();
            await().atMost(Fixtures.WAIT).until(device::registered);
            fault.inject();
            long restarted = System.nanoTime();
            Dialer dialer = new Dialer(Fixtures.controller(h));
            PeerLink a = await().atMost(bound.plus(Duration.ofSeconds(3))).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> dialer.dial(identity.id(), ConnType.DEFAULT_CONN), l -> true);
            Duration back = Duration.ofNanos(System.nanoTime() - restarted);
            PeerLink b = links.next();
            try {
                assertThat(a.path()).isEqualTo(path);
                Fixtures.exchange(a.socket(), b.socket());
                System.out.printf("%s device (%s) reachable %d ms after the hbbs restart%n", config.mode(),
                        config.server(), back.toMillis());
            } finally {
                a.socket().close();
                b.socket().close();
            }
        }
    }
}
