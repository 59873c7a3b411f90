package io.jdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.store.OssSchema;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard rule 6 (design.md) for the whole server (issue 6 item 4a): hbbs runs in a child JVM
 * ({@link HbbsProcessMain}) in a working directory, the test registers devices over UDP from
 * several threads and many loopback source IPs (the per-IP RegisterPk limit allows 30 a minute
 * each), and SIGKILLs the child while registrations are in flight. The restarted hbbs — same
 * directory, same key — must know every device whose RegisterPk was answered OK (a
 * PunchHoleRequest for it is answered OFFLINE, not ID_NOT_EXIST) and keep its binding (another
 * uuid is refused UUID_MISMATCH); after a clean stop the database passes
 * {@code PRAGMA integrity_check} and holds every acknowledged row with its uuid and key.
 */
class HbbsKillTest {

    static final HexFormat HEX = HexFormat.of();
    static final int THREADS = 6;
    static final int IPS_PER_THREAD = 8;
    static final int PER_IP = 30;
    /** SIGKILL once this many RegisterPks were acknowledged (of at most 6 × 8 × 30 = 1440). */
    static final int KILL_AFTER = 250;

    @TempDir Path dir;

    record Child(Process process, int udpPort, int tcpPort) {}

    Child start() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", cp, HbbsProcessMain.class.getName(), dir.toString())
                .redirectError(dir.resolve("child-stderr.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                String[] ports = line.substring(6).trim().split(" ");
                return new Child(p, Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
            }
        }
        p.destroyForcibly();
        throw new IOException("hbbs ended before READY: " + Files.readString(dir.resolve("child-stderr.txt")));
    }

    static byte[] uuidOf(String id) {
        return ("uuid-" + id).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] pkOf(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RendezvousMessage registerPk(String id, byte[] uuid) {
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFrom(uuid)).setPk(ByteString.copyFrom(pkOf(id)))).build();
    }

    /** One load thread: its own source IPs, 30 new IDs each, one request in flight per socket. */
    static void register(int thread, int udpPort, Set<String> acked, AtomicBoolean stop) {
        byte[] buf = new byte[64];
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort);
        for (int ip = 1; ip <= IPS_PER_THREAD && !stop.get(); ip++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.30." + thread + "." + ip, 0))) {
                s.setSoTimeout(1000);
                for (int n = 0; n < PER_IP && !stop.get(); n++) {
                    String id = "kill" + thread + "x" + ip + "x" + n;
                    byte[] req = registerPk(id, uuidOf(id)).toByteArray();
                    s.send(new DatagramPacket(req, req.length, server));
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    s.receive(reply);
                    if (HEX.formatHex(Arrays.copyOf(buf, reply.getLength())).equals("820100")) {
                        acked.add(id); // OK: the row is on disk (the server answers after the insert)
                    }
                }
            } catch (SocketTimeoutException killed) {
                return; // the server is gone
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static RendezvousMessage readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int header = b0;
        for (int i = 1; i <= (b0 & 3); i++) {
            header |= in.readUnsignedByte() << (8 * i);
        }
        byte[] payload = new byte[header >>> 2];
        in.readFully(payload);
        return RendezvousMessage.parseFrom(payload);
    }

    @Test
    @Timeout(60)
    void everyAcknowledgedRegistrationSurvivesSigkillOfTheServer() throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        Child first = start();
        List<Thread> load = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread th = new Thread(() -> register(thread, first.udpPort(), acked, stop), "register-" + t);
                th.start();
                load.add(th);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= KILL_AFTER);
            first.process().destroyForcibly(); // SIGKILL while the load threads have requests in flight
            assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop.set(true);
            first.process().destroyForcibly();
            for (Thread th : load) {
                th.join(5000);
            }
        }
        assertThat(acked.size()).as("killed mid-load, not after it").isBetween(KILL_AFTER, THREADS * IPS_PER_THREAD * PER_IP - 1);
        System.out.printf("HbbsKillTest: %d RegisterPk acknowledged before SIGKILL%n", acked.size());

        Child second = start();
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), second.tcpPort())) {
            a.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(a.getInputStream());
            assertThat(readFrame(in).hasKeyExchange()).isTrue();
            String key = Files.readString(dir.resolve("id_ed25519.pub")).strip();
            for (String id : acked) {
                a.getOutputStream().write(FrameCodec.encode(RendezvousMessage.newBuilder().setPunchHoleRequest(
                        PunchHoleRequest.newBuilder().setId(id).setLicenceKey(key).setNatType(NatType.ASYMMETRIC)
                                .setVersion("1.4.9")).build().toByteArray()));
                assertThat(HEX.formatHex(readFrame(in).toByteArray())).as("known after the restart: %s", id)
                        .isEqualTo("5a021802"); // OFFLINE; an unknown ID would be 5a00 (ID_NOT_EXIST)
            }
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                d.setSoTimeout(5000);
                String someone = acked.iterator().next();
                byte[] req = registerPk(someone, "another-machine".getBytes(StandardCharsets.US_ASCII)).toByteArray();
                d.send(new DatagramPacket(req, req.length, new InetSocketAddress("127.0.0.1", second.udpPort())));
                byte[] buf = new byte[64];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                d.receive(reply);
                assertThat(HEX.formatHex(Arrays.copyOf(buf, reply.getLength()))).as("binding kept")
                        .isEqualTo("8201020802"); // UUID_MISMATCH
            }
        } finally {
            second.process().destroy(); // SIGTERM: a clean stop before the file is opened here
            assertThat(second.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        Path db = dir.resolve("db_v2.sqlite3");
        assertThat(OssSchema.rows(db, "PRAGMA integrity_check")).containsExactly(List.of("ok"));
        Map<String, List<String>> rows = new HashMap<>();
        for (List<String> r : OssSchema.rows(db, "SELECT id, uuid, pk FROM peer")) {
            rows.put(r.get(0), r);
        }
        for (String id : acked) {
            assertThat(rows.get(id)).as("row of %s", id)
                    .containsExactly(id, HEX.formatHex(uuidOf(id)), HEX.formatHex(pkOf(id)));
        }
    }
}
