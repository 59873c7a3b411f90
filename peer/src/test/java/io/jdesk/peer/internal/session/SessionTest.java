package io.jdesk.peer.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.CursorImage;
import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.Display;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.InputSink;
import io.jdesk.peer.KeyInput;
import io.jdesk.peer.MouseInput;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.SessionInfo;
import io.jdesk.peer.SessionListener;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.VideoSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device core and controller over one loopback stream: handshake, login and session traffic. */
class SessionTest {

    @TempDir Path dir;

    static final class Events implements SessionListener, DeviceListener, InputSink {
        final List<Object> received = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final AtomicReference<String> closed = new AtomicReference<>();

        @Override public void videoFrame(VideoCodec codec, EncodedFrame frame, int display) {
            received.add(codec + ":" + new String(frame.data(), StandardCharsets.UTF_8) + ":" + frame.key());
        }
        @Override public void cursor(CursorImage cursor) { received.add("cursor:" + cursor.id()); }
        @Override public void cursorId(long id) { received.add("cursorId:" + id); }
        @Override public void clipboard(String text) { received.add("clip:" + text); }
        @Override public void closed(String reason) { closed.set(reason); }
        @Override public void clipboard(SessionInfo from, String text) { received.add("device-clip:" + text); }
        @Override public void loginRefused(InetSocketAddress from, String reason) { refused.add(reason); }
        @Override public void mouse(SessionInfo from, MouseInput e) { received.add(e); }
        @Override public void key(SessionInfo from, KeyInput e) { received.add(e); }
    }

    static final class FakeVideo implements VideoSource {
        volatile FrameSink sink;
        final AtomicInteger keyRequests = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        @Override public VideoCodec codec() { return VideoCodec.H264; }
        @Override public Display display() { return Display.of(1920, 1080); }
        @Override public void start(FrameSink s) { sink = s; }
        @Override public void requestKeyFrame() { keyRequests.incrementAndGet(); }
        @Override public void stop() { stops.incrementAndGet(); sink = null; }
        void send(String data, boolean key) {
            sink.frame(new EncodedFrame(data.getBytes(StandardCharsets.UTF_8), key, 1));
        }
    }

    @Test
    void logsInEncryptedAndCarriesTrafficBothWays() throws Exception {
        Events device = new Events();
        Events controller = new Events();
        FakeVideo video = new FakeVideo();
        try (SessionPair pair = new SessionPair(dir, video, device, device);
                ControllerConnection s = pair.connect(SessionPair.PASSWORD, controller)) {
            assertThat(s.encrypted()).isTrue();
            assertThat(s.peer().platform()).isEqualTo("Linux");
            assertThat(s.peer().displays()).containsExactly(Display.of(1920, 1080));
            assertThat(s.peer().encodings()).contains(VideoCodec.H264, VideoCodec.VP9);
            assertThat(s.peer().json()).contains("\"hostname\": \"testhost\"");

            await().until(() -> video.sink != null);
            video.send("delta-before-key", false); // dropped: the session waits for a key frame
            video.send("key1", true);
            video.send("delta1", false);
            await().until(() -> controller.received.size() >= 2);
            assertThat(controller.received).containsExactly("H264:key1:true", "H264:delta1:false");

            s.mouse(MouseInput.down(MouseInput.LEFT, 10, 20));
            s.key(KeyInput.control("Return"));
            s.clipboard("hello from the controller ".repeat(20));
            await().until(() -> device.received.size() >= 3);
            assertThat(device.received.get(0)).isEqualTo(MouseInput.down(MouseInput.LEFT, 10, 20));
            assertThat(device.received.get(1)).isEqualTo(KeyInput.control("Return"));
            assertThat(device.received.get(2)).isEqualTo("device-clip:" + "hello from the controller ".repeat(20));

            pair.core.sendClipboard("from the device");
            pair.core.sendCursor(new CursorImage(7, 1, 1, 2, 2, new byte[16]));
            pair.core.sendCursor(new CursorImage(7, 1, 1, 2, 2, new byte[16]));
            await().until(() -> controller.received.size() >= 5);
            assertThat(controller.received.subList(2, 5)).containsExactly("clip:from the device", "cursor:7",
                    "cursorId:7");

            s.refreshVideo();
            await().until(() -> video.keyRequests.get() >= 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> s.lastDelayMillis() >= 0 && pair.core.sessions().size() == 1);

            String temp = pair.guard.temporaryPassword().orElseThrow();
            s.close();
            await().until(() -> pair.core.sessions().isEmpty());
            assertThat(video.stops.get()).isEqualTo(1);
            assertThat(pair.guard.temporaryPassword()).get().isNotEqualTo(temp); // rotated after the session
        }
    }

    @Test
    void theTemporaryPasswordLogsInToo() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e);
                ControllerConnection s = pair.connect(pair.guard.temporaryPassword().orElseThrow(), e)) {
            assertThat(s.encrypted()).isTrue();
        }
    }

    @Test
    void wrongPasswordIsRefusedThenThrottled() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e)) {
            for (int i = 0; i < 7; i++) {
                assertThatThrownBy(() -> pair.connect("guess", e)).isInstanceOf(PeerException.class)
                        .hasMessage("Wrong Password")
                        .extracting(t -> ((PeerException) t).reason()).isEqualTo(PeerException.Reason.WRONG_PASSWORD);
            }
            // the 8th attempt within the minute is not even checked, the right password included
            assertThatThrownBy(() -> pair.connect(SessionPair.PASSWORD, e)).isInstanceOf(PeerException.class)
                    .hasMessage("Please try 1 minute later")
                    .extracting(t -> ((PeerException) t).reason()).isEqualTo(PeerException.Reason.LOGIN_REFUSED);
            assertThat(e.refused).hasSize(8).endsWith("Please try 1 minute later");
        }
    }

    @Test
    void aKeyTheServerDidNotSignIsRefused() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e)) {
            byte[] forged = pair.signedPk();
            forged[10] ^= 1; // one bit of the server's signature
            assertThatThrownBy(() -> pair.connect(SessionPair.PASSWORD, e, forged, false))
                    .isInstanceOf(PeerException.class).hasMessageContaining("Insecure connection refused")
                    .extracting(t -> ((PeerException) t).reason()).isEqualTo(PeerException.Reason.UNTRUSTED);
            assertThatThrownBy(() -> pair.connect(SessionPair.PASSWORD, e, new byte[0], false))
                    .isInstanceOf(PeerException.class).hasMessageContaining("no signed key");
        }
    }

    @Test
    void aDeviceSigningWithAnotherKeyIsRefusedAndToldToRegisterAgain() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e)) {
            byte[] otherKey = io.jdesk.protocol.crypto.SigningKeyPair.generate().publicKey();
            assertThatThrownBy(() -> pair.connect(SessionPair.PASSWORD, e, pair.signedPk(pair.identity.id(), otherKey),
                    false)).isInstanceOf(PeerException.class).hasMessageContaining("SignedId does not verify");
            await().untilTrue(pair.reconfirmed); // the empty PublicKey made the device re-register its key
        }
    }

    @Test
    void insecureModeGoesOnUnencrypted() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e);
                ControllerConnection s = pair.connect(SessionPair.PASSWORD, e, new byte[0], true)) {
            assertThat(s.encrypted()).isFalse();
            s.clipboard("plain");
            await().until(() -> e.received.contains("device-clip:plain"));
        }
    }

    @Test
    void aDeviceCloseReasonEndsTheControllerSession() throws Exception {
        Events e = new Events();
        try (SessionPair pair = new SessionPair(dir, null, null, e);
                ControllerConnection s = pair.connect(SessionPair.PASSWORD, e)) {
            pair.core.close();
            await().until(() -> e.closed.get() != null);
            assertThat(e.closed.get()).isEqualTo("Closed manually by the peer");
            assertThat(s.isOpen()).isFalse();
        }
    }
}
