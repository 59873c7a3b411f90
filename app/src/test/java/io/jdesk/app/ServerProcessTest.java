package io.jdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdesk server} as a user starts it, in its own process and working directory: a device
 * registers over UDP, a controller's PunchHoleRequest ends in a relay pairing through the same
 * process, and SIGTERM stops it cleanly.
 */
class ServerProcessTest {

    static final String LO = "127.0.0.1";

    @TempDir Path dir;

    /** A main port P whose layout P-1 .. P+3 is free on loopback right now. */
    static int freeLayout() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName(LO))) {
                p = probe.getLocalPort();
            }
            if (p < 1025 || p > 65531) {
                continue;
            }
            boolean free = true;
            for (int port = p - 1; port <= p + 3 && free; port++) {
                try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName(LO));
                        DatagramSocket u = new DatagramSocket(new InetSocketAddress(LO, port))) {
                    s.getLocalPort();
                    u.getLocalPort();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return p;
            }
        }
        throw new IOException("no free port layout");
    }

    static RendezvousMessage readFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.readUnsignedByte();
        int headerLength = (b0 & 3) + 1;
        int header = b0;
        for (int i = 1; i < headerLength; i++) {
            header |= d.readUnsignedByte() << (8 * i);
        }
        byte[] payload = new byte[header >>> 2];
        d.readFully(payload);
        return RendezvousMessage.parseFrom(payload);
    }

    static void send(Socket s, RendezvousMessage m) throws IOException {
        s.getOutputStream().write(FrameCodec.encode(m.toByteArray()));
    }

    static RendezvousMessage udp(DatagramSocket s, int port, RendezvousMessage m) throws IOException {
        byte[] b = m.toByteArray();
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress(LO, port)));
        return receive(s);
    }

    static RendezvousMessage receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return RendezvousMessage.parseFrom(Arrays.copyOf(buf, p.getLength()));
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void deviceRegistersAndControllerIsRelayedThroughOneProcess() throws Exception {
        int p = freeLayout();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName(), "server", "-p", Integer.toString(p), "-b", LO)
                .directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String key = null;
            while (key == null) {
                String line = out.readLine();
                if (line == null) {
                    break; // the process ended without printing its key
                }
                if (line.contains("\"Key\" field): ")) {
                    key = line.substring(line.indexOf("): ") + 3).strip();
                }
            }
            assertThat(key).as(Files.readString(dir.resolve("stderr.txt"))).isNotNull();
            assertThat(Files.readString(dir.resolve("id_ed25519.pub"))).isEqualTo(key);

            try (DatagramSocket device = new DatagramSocket(new InetSocketAddress(LO, 0));
                    Socket controller = new Socket(LO, p)) {
                device.setSoTimeout(5000);
                controller.setSoTimeout(5000);
                assertThat(udp(device, p, RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder()
                        .setId("987654321").setUuid(ByteString.copyFromUtf8("uid"))
                        .setPk(ByteString.copyFrom(new byte[32]))).build()).hasRegisterPkResponse()).isTrue();
                assertThat(HexFormat.of().formatHex(udp(device, p, RendezvousMessage.newBuilder()
                        .setRegisterPeer(RegisterPeer.newBuilder().setId("987654321")).build()).toByteArray()))
                        .isEqualTo("3a00");

                assertThat(readFrame(controller.getInputStream()).hasKeyExchange()).isTrue();
                send(controller, RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder()
                        .setId("987654321").setNatType(NatType.SYMMETRIC).setLicenceKey(key)
                        .setVersion("1.4.9")).build());
                RendezvousMessage toDevice = receive(device);
                ByteString aAddr = toDevice.hasPunchHole() ? toDevice.getPunchHole().getSocketAddr()
                        : toDevice.getFetchLocalAddr().getSocketAddr();
                String relay = LO + ":" + (p + 1);
                try (Socket b = new Socket(LO, p)) { // the device decides to relay (controller is SYMMETRIC)
                    send(b, RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                            .setSocketAddr(aAddr).setUuid("pair-1").setRelayServer(relay).setId("987654321")
                            .setVersion("1.4.9")).build());
                }
                RelayResponse rr = readFrame(controller.getInputStream()).getRelayResponse();
                assertThat(rr.getUuid()).isEqualTo("pair-1");
                assertThat(rr.getPk().size()).isEqualTo(64 + 2 + 9 + 2 + 32); // signed IdPk

                try (Socket ra = new Socket(LO, p + 1); Socket rb = new Socket(LO, p + 1)) {
                    rb.setSoTimeout(5000);
                    for (Socket r : List.of(ra, rb)) {
                        send(r, RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder()
                                .setUuid("pair-1").setLicenceKey(key).setId("987654321")).build());
                    }
                    byte[] hello = "bytes through the relay".getBytes(StandardCharsets.UTF_8);
                    ra.getOutputStream().write(hello);
                    assertThat(rb.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
                }
            }
        } finally {
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve("db_v2.sqlite3")).exists();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("Exception");
    }
}
