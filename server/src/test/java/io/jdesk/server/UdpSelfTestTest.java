package io.jdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TEST_HBBS: the watchdog fires when the UDP path stops answering, and not while it answers. */
class UdpSelfTestTest {

    @Test
    void firesWhenNoReplyComesAndStaysQuietWhileRepliesCome() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CountDownLatch deadFired = new CountDownLatch(1);
            CountDownLatch aliveFired = new CountDownLatch(1);
            Thread echoer = new Thread(() -> {
                byte[] buf = new byte[64];
                try {
                    for (;;) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        echo.receive(p);
                        echo.send(new DatagramPacket(new byte[] {0x3a, 0x02, 0x10, 0x01}, 4, p.getSocketAddress()));
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            });
            echoer.start();
            try (UdpSelfTest dead = new UdpSelfTest((InetSocketAddress) silent.getLocalSocketAddress(),
                    Duration.ofMillis(1500), deadFired::countDown).start();
                    UdpSelfTest alive = new UdpSelfTest((InetSocketAddress) echo.getLocalSocketAddress(),
                            Duration.ofMillis(1500), aliveFired::countDown).start()) {
                assertThat(deadFired.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(aliveFired.getCount()).isEqualTo(1);
                byte[] buf = new byte[64];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                silent.receive(p); // what the probe sends: RegisterPeer{id: "(:test_hbbs:)"}
                assertThat(io.jdesk.protocol.proto.RendezvousMessage.parseFrom(
                        java.util.Arrays.copyOf(buf, p.getLength())).getRegisterPeer().getId())
                        .isEqualTo(UdpSelfTest.TEST_ID);
            }
        }
    }
}
