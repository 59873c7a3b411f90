package io.jdesk.server;

import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hbbs's UDP self-test ({@code TEST_HBBS}, spec/servers.md §5.2, §10.1): every second the server
 * sends {@code RegisterPeer{id: "(:test_hbbs:)"}} to its own UDP port; when no reply has come
 * for {@link #DEADLINE} the UDP path is considered dead and {@code onFailure} runs (hbbs exits
 * with status 1, so a supervisor restarts it). The registry answers the test ID like any
 * unknown ID (request_pk) and stores nothing. Runs on its own daemon thread.
 */
final class UdpSelfTest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSelfTest.class);

    /** The ID OSS uses for the self-test. */
    static final String TEST_ID = "(:test_hbbs:)";
    /** OSS: one probe a second. */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** OSS: exit when no reply came for 12 s. */
    static final Duration DEADLINE = Duration.ofSeconds(12);

    private final InetSocketAddress target;
    private final Runnable onFailure;
    private final Duration deadline;
    private final Thread thread;
    private volatile boolean running = true;

    UdpSelfTest(InetSocketAddress target, Duration deadline, Runnable onFailure) {
        this.target = target;
        this.deadline = deadline;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "jdesk-hbbs-selftest");
        this.thread.setDaemon(true);
    }

    UdpSelfTest start() {
        thread.start();
        return this;
    }

    private void run() {
        byte[] probe = RendezvousMessage.newBuilder()
                .setRegisterPeer(RegisterPeer.newBuilder().setId(TEST_ID)).build().toByteArray();
        // A loopback target is probed from loopback: the probe never needs another interface.
        InetSocketAddress local = target.getAddress().isLoopbackAddress()
                ? new InetSocketAddress(target.getAddress(), 0) : new InetSocketAddress(0);
        try (DatagramSocket socket = new DatagramSocket(local)) {
            socket.setSoTimeout((int) INTERVAL.toMillis());
            long lastReply = System.nanoTime();
            byte[] buf = new byte[64];
            while (running) {
                socket.send(new DatagramPacket(probe, probe.length, target));
                try {
                    socket.receive(new DatagramPacket(buf, buf.length));
                    lastReply = System.nanoTime();
                    Thread.sleep(INTERVAL.toMillis()); // pace the probes: one a second
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastReply > deadline.toNanos() && running) {
                        LOG.error("UDP self-test: no reply from {} for {} s", target, deadline.toSeconds());
                        onFailure.run();
                        return;
                    }
                }
            }
        } catch (IOException e) {
            if (running) {
                LOG.error("UDP self-test failed: {}", e.toString());
                onFailure.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
