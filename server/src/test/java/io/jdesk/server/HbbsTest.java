package io.jdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import io.jdesk.server.store.OssSchema;
import io.jdesk.server.store.SqlitePeerStore;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hbbs as users run it: settings, id_ed25519 and db_v2.sqlite3 in the working directory, an
 * OSS-created database used in place, acknowledged registrations on disk across restarts.
 */
class HbbsTest {

    static final HexFormat HEX = HexFormat.of();
    static final byte[] PK = new byte[32];
    static final int[] ANY_PORTS = {0, 0, 0, 0};

    @TempDir Path dir;

    Hbbs start() throws IOException {
        HbbsSettings s = HbbsSettings.from(SettingsSources.builder()
                .environment(Map.of("DB_URL", dir.resolve("db_v2.sqlite3").toString(), "BIND", "127.0.0.1")).build());
        return Hbbs.start(s, dir, ANY_PORTS);
    }

    static byte[] exchange(DatagramSocket s, InetSocketAddress to, RendezvousMessage m) throws IOException {
        byte[] b = m.toByteArray();
        s.send(new DatagramPacket(b, b.length, to));
        byte[] buf = new byte[1024];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }

    static RendezvousMessage registerPk(String id, String uuid) {
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFromUtf8(uuid)).setPk(ByteString.copyFrom(PK))).build();
    }

    static RendezvousMessage registerPeer(String id) {
        return RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder().setId(id)).build();
    }

    @Test
    void ossDatabaseIsUsedInPlaceAndRegistrationsSurviveRestart() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        OssSchema.createOssDatabase(db);
        try (Connection c = OssSchema.connect(db);
                PreparedStatement ins = c.prepareStatement(
                        "insert into peer (guid, id, uuid, pk, info) values (?, ?, ?, ?, ?)")) {
            ins.setBytes(1, new byte[16]);
            ins.setString(2, "oss-device-1");
            ins.setBytes(3, "uid-oss".getBytes());
            ins.setBytes(4, PK);
            ins.setString(5, "{\"ip\":\"::ffff:127.0.0.1\"}");
            ins.executeUpdate();
        }
        long before = Files.size(db);
        try (Hbbs hbbs = start(); DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            d.setSoTimeout(3000);
            InetSocketAddress udp = new InetSocketAddress("127.0.0.1", hbbs.server().udpAddress().getPort());
            assertThat(HEX.formatHex(exchange(d, udp, registerPeer("oss-device-1")))).isEqualTo("3a021001");
            assertThat(HEX.formatHex(exchange(d, udp, registerPk("oss-device-1", "uid-oss")))).isEqualTo("820100");
            assertThat(HEX.formatHex(exchange(d, udp, registerPeer("oss-device-1")))).isEqualTo("3a00");
            assertThat(HEX.formatHex(exchange(d, udp, registerPk("oss-device-1", "someone-else"))))
                    .isEqualTo("8201020802"); // UUID_MISMATCH: the OSS binding holds
            assertThat(HEX.formatHex(exchange(d, udp, registerPk("new-device-2", "uid-new")))).isEqualTo("820100");
        }
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            assertThat(store.find("new-device-2")).isPresent(); // acknowledged → on disk
            assertThat(store.find("oss-device-1").orElseThrow().uuid()).isEqualTo("uid-oss".getBytes());
        }
        try (Hbbs hbbs = start(); DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            d.setSoTimeout(3000);
            InetSocketAddress udp = new InetSocketAddress("127.0.0.1", hbbs.server().udpAddress().getPort());
            assertThat(HEX.formatHex(exchange(d, udp, registerPeer("new-device-2")))).isEqualTo("3a021001");
            assertThat(HEX.formatHex(exchange(d, udp, registerPk("new-device-2", "uid-new")))).isEqualTo("820100");
            assertThat(HEX.formatHex(exchange(d, udp, registerPeer("new-device-2")))).isEqualTo("3a00");
            try (java.net.Socket a = new java.net.Socket("127.0.0.1", hbbs.server().tcpAddress().getPort())) {
                a.setSoTimeout(3000);
                byte[] req = RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder()
                        .setId("new-device-2").setNatType(NatType.ASYMMETRIC)
                        .setLicenceKey(hbbs.publicKey().orElseThrow()).setVersion("1.4.9")).build().toByteArray();
                a.getOutputStream().write(io.jdesk.protocol.codec.FrameCodec.encode(req));
                byte[] buf = new byte[1024];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                d.receive(p); // online again: the device is asked for its LAN address (same IP)
                assertThat(RendezvousMessage.parseFrom(Arrays.copyOf(buf, p.getLength())).hasFetchLocalAddr()).isTrue();
            }
        }
        assertThat(Files.size(db)).isGreaterThanOrEqualTo(before);
    }

    @Test
    void keyFileIsCreatedInTheWorkingDirectoryAndReused() throws Exception {
        String first;
        try (Hbbs hbbs = start()) {
            first = hbbs.publicKey().orElseThrow();
        }
        assertThat(Files.readString(dir.resolve("id_ed25519.pub"))).isEqualTo(first);
        try (Hbbs hbbs = start()) {
            assertThat(hbbs.publicKey()).contains(first);
        }
    }

    @Test
    void aTakenPortIsAClearStartupError() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HbbsSettings s = HbbsSettings.from(SettingsSources.builder()
                    .environment(Map.of("DB_URL", dir.resolve("db_v2.sqlite3").toString(), "BIND", "127.0.0.1"))
                    .build());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> Hbbs.start(s, dir, new int[] {taken.getLocalPort(), 0, 0, 0}))
                    .hasMessageContaining("UDP port " + taken.getLocalPort());
        }
    }
}
