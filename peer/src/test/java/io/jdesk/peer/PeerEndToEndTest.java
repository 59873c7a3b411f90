package io.jdesk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.testing.ServerHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link Device} and a {@link Controller} against our own hbbs + hbbr on loopback: every path,
 * the refusals, and session traffic both ways.
 */
class PeerEndToEndTest {

    static final String PASSWORD = "Tr0ub4dor&3";

    @TempDir Path dir;

    Device device(ServerHarness server, Path identity, DeviceListener events, InputSink input, VideoSource video,
            Path share) throws IOException {
        Device.Builder b = Device.builder().server(server.rendezvous()).key(server.key()).identityDirectory(identity)
                .permanentPassword(PASSWORD).listener(events).input(input).video(video);
        if (share != null) {
            b.shareDirectory(share, true);
        }
        Device d = b.build().start();
        await().atMost(Duration.ofSeconds(10)).until(d::registered);
        return d;
    }

    Device device(ServerHarness server) throws IOException {
        return device(server, dir.resolve("device"), null, null, null, null);
    }

    static Controller controller(ServerHarness server, boolean forceRelay) {
        return Controller.builder().server(server.rendezvous()).key(server.key()).forceRelay(forceRelay).build();
    }

    @Test
    void lanPathWhenBothSidesShareAnIp() throws Exception {
        try (ServerHarness server = ServerHarness.start(dir.resolve("server")); Device d = device(server);
                Session s = controller(server, false).connect(d.id(), PASSWORD)) {
            assertThat(s.path()).isEqualTo(ConnectPath.LAN);
            assertThat(s.encrypted()).isTrue();
            assertThat(s.peer().displays()).hasSize(1);
            await().until(() -> d.sessions().size() == 1);
        }
    }

    @Test
    void directPathByTcpHolePunch() throws Exception {
        try (ServerHarness server = ServerHarness.start(dir.resolve("server"), Map.of("JDESK_SAME_IP_LAN", "N"));
                Device d = device(server); Session s = controller(server, false).connect(d.id(), PASSWORD)) {
            assertThat(s.path()).isEqualTo(ConnectPath.DIRECT);
            assertThat(s.encrypted()).isTrue();
        }
    }

    @Test
    void relayPathWhenForced() throws Exception {
        try (ServerHarness server = ServerHarness.start(dir.resolve("server")); Device d = device(server);
                Session s = controller(server, true).connect(d.id(), PASSWORD)) {
            assertThat(s.path()).isEqualTo(ConnectPath.RELAY);
            assertThat(s.encrypted()).isTrue();
        }
    }

    @Test
    void refusalsCarryTheOfficialTexts() throws Exception {
        try (ServerHarness server = ServerHarness.start(dir.resolve("server")); Device d = device(server)) {
            assertThatThrownBy(() -> controller(server, false).connect(d.id(), "wrong"))
                    .isInstanceOf(PeerException.class).hasMessage("Wrong Password");
            assertThatThrownBy(() -> controller(server, false).connect("999999999", PASSWORD))
                    .isInstanceOf(PeerException.class).hasMessage("ID does not exist");
            String otherKey = io.jdesk.protocol.crypto.SigningKeyPair.generate().publicKeyBase64();
            assertThatThrownBy(() -> Controller.builder().server(server.rendezvous()).key(otherKey).build()
                    .connect(d.id(), PASSWORD)).isInstanceOf(PeerException.class).hasMessage("Key mismatch");
        }
    }

    @Test
    void sessionTrafficBothWays() throws Exception {
        List<Object> deviceSide = new CopyOnWriteArrayList<>();
        List<Object> controllerSide = new CopyOnWriteArrayList<>();
        VideoSource video = new VideoSource() {
            volatile FrameSink sink;
            @Override public VideoCodec codec() { return VideoCodec.VP9; }
            @Override public Display display() { return Display.of(800, 600); }
            @Override public void start(FrameSink s) { sink = s; s.frame(new EncodedFrame(bytes("key"), true, 0)); }
            @Override public void requestKeyFrame() {
                FrameSink s = sink;
                if (s != null) {
                    s.frame(new EncodedFrame(bytes("refresh"), true, 1));
                }
            }
            @Override public void stop() { sink = null; }
        };
        InputSink input = new InputSink() {
            @Override public void mouse(SessionInfo from, MouseInput e) { deviceSide.add(e); }
            @Override public void key(SessionInfo from, KeyInput e) { deviceSide.add(e); }
        };
        List<String> registered = new CopyOnWriteArrayList<>();
        DeviceListener events = new DeviceListener() {
            @Override public void clipboard(SessionInfo from, String text) { deviceSide.add(text); }
            @Override public void registered(String id) { registered.add(id); }
        };
        SessionListener listener = new SessionListener() {
            @Override public void videoFrame(VideoCodec codec, EncodedFrame f, int display) {
                controllerSide.add(codec + ":" + new String(f.data(), StandardCharsets.UTF_8));
            }
            @Override public void clipboard(String text) { controllerSide.add(text); }
        };
        try (ServerHarness server = ServerHarness.start(dir.resolve("server"));
                Device d = device(server, dir.resolve("device"), events, input, video, null);
                Session s = controller(server, true).connect(d.id(), PASSWORD, SessionKind.REMOTE_DESKTOP, listener)) {
            await().until(() -> registered.contains(d.id()));
            await().until(() -> controllerSide.contains("VP9:key"));
            s.refreshVideo();
            await().until(() -> controllerSide.contains("VP9:refresh"));
            s.mouse(MouseInput.move(10, 20));
            s.key(KeyInput.code(38, true));
            s.clipboard("to the device");
            await().until(() -> deviceSide.size() == 3);
            assertThat(deviceSide).containsExactly(MouseInput.move(10, 20), KeyInput.code(38, true), "to the device");
            d.sendClipboard("to the controller");
            await().until(() -> controllerSide.contains("to the controller"));
        }
    }

    @Test
    void tenMebibytesEachWayThroughTheRelay() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        byte[] content = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(content);
        Files.write(share.resolve("from-device.bin"), content);
        Path local = Files.createDirectories(dir.resolve("local"));
        byte[] upload = new byte[10 * 1024 * 1024];
        new Random(7).nextBytes(upload);
        Files.write(local.resolve("up.bin"), upload);
        try (ServerHarness server = ServerHarness.start(dir.resolve("server"));
                Device d = device(server, dir.resolve("device"), null, null, null, share);
                Session s = controller(server, true).connect(d.id(), PASSWORD, SessionKind.FILE_TRANSFER,
                        new SessionListener() { })) {
            assertThat(s.list("")).extracting(RemoteFile::name).contains("from-device.bin");
            s.download("from-device.bin", local.resolve("down.bin"));
            assertThat(sha256(Files.readAllBytes(local.resolve("down.bin")))).isEqualTo(sha256(content));
            s.upload(local.resolve("up.bin"), "uploaded.bin");
            assertThat(sha256(Files.readAllBytes(share.resolve("uploaded.bin")))).isEqualTo(sha256(upload));
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
