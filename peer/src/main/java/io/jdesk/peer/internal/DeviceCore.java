package io.jdesk.peer.internal;

import io.jdesk.peer.CursorImage;
import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.Display;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.InputSink;
import io.jdesk.peer.SessionInfo;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.VideoSource;
import io.jdesk.peer.internal.session.DeviceConnection;
import io.jdesk.peer.internal.session.DeviceContext;
import io.jdesk.peer.internal.session.FileSession;
import io.jdesk.peer.internal.session.FramedStream;
import io.jdesk.peer.internal.session.LoginGuard;
import io.jdesk.peer.internal.session.Messages;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.DisplayInfo;
import io.jdesk.protocol.proto.PeerInfo;
import io.jdesk.protocol.proto.PermissionInfo;
import io.jdesk.protocol.proto.SupportedEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a device shares between its connections: identity, login guard, the video source
 * (started with the first remote-desktop session, stopped with the last) and the broadcast of
 * media, cursor, audio and clipboard to every logged-in session.
 */
public final class DeviceCore implements DeviceContext, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCore.class);
    /** Connections in flight at once (handshake, login or session); more are refused. */
    public static final int MAX_CONNECTIONS = 32;

    /** What the application configured. */
    public record Settings(String version, String platform, String hostname, String username, VideoSource video,
            Display display, InputSink input, DeviceListener listener, Path shareDir, boolean shareWritable,
            Function<FileSettings, FileSession> files) {
    }

    /** What a file session is opened with. */
    public record FileSettings(Path root, boolean writable, MessageSink out) {
    }

    private final IdentityStore identity;
    private final Settings settings;
    private final LoginGuard guard;
    private final Runnable reconfirm;
    private final ScheduledExecutorService scheduler;
    private final List<DeviceConnection> sessions = new CopyOnWriteArrayList<>();
    private final java.util.Set<DeviceConnection> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Optional<int[]> audioFormat = Optional.empty();
    private boolean videoRunning;

    public DeviceCore(IdentityStore identity, Settings settings, LoginGuard guard, Runnable reconfirm) {
        this.identity = identity;
        this.settings = settings;
        this.guard = guard;
        this.reconfirm = reconfirm;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdesk-device-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes an incoming stream: handshake, login and session on a thread of its own. */
    public void accept(PeerLink link) {
        if (closed) {
            closeQuietly(link);
            return;
        }
        if (!slots.tryAcquire()) {
            LOG.warn("refusing {}: {} connections in flight", link.socket().getRemoteSocketAddress(), MAX_CONNECTIONS);
            closeQuietly(link);
            return;
        }
        FramedStream stream;
        try {
            stream = new FramedStream(link.socket());
        } catch (IOException e) {
            slots.release();
            closeQuietly(link);
            return;
        }
        DeviceConnection c = new DeviceConnection(this, stream, link.path(), link.secure());
        live.add(c);
        Thread t = new Thread(() -> {
            try {
                c.run();
            } finally {
                live.remove(c);
                slots.release();
            }
        }, "jdesk-device-session-" + threads.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(PeerLink link) {
        try {
            link.socket().close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    // ---- DeviceContext ----

    @Override
    public String id() {
        return identity.id();
    }

    @Override
    public SigningKeyPair keyPair() {
        return identity.keyPair();
    }

    @Override
    public String salt() {
        return identity.salt();
    }

    @Override
    public Optional<byte[]> permanentH1() {
        return identity.permanentH1();
    }

    @Override
    public LoginGuard guard() {
        return guard;
    }

    @Override
    public void reconfirmKey() {
        reconfirm.run();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public DeviceListener listener() {
        return settings.listener();
    }

    @Override
    public InputSink input() {
        return settings.input();
    }

    @Override
    public PeerInfo peerInfo() {
        Display d = settings.video() != null ? settings.video().display() : settings.display();
        VideoCodec codec = settings.video() != null ? settings.video().codec() : VideoCodec.VP9;
        return PeerInfo.newBuilder().setUsername(settings.username()).setHostname(settings.hostname())
                .setPlatform(settings.platform()).setVersion(settings.version()).setCurrentDisplay(0)
                .addDisplays(DisplayInfo.newBuilder().setX(d.x()).setY(d.y()).setWidth(d.width())
                        .setHeight(d.height()).setName(d.name()).setOnline(true).setCursorEmbedded(false))
                .setEncoding(SupportedEncoding.newBuilder().setH264(codec == VideoCodec.H264)
                        .setH265(codec == VideoCodec.H265).setVp8(codec == VideoCodec.VP8)
                        .setAv1(codec == VideoCodec.AV1))
                .build();
    }

    @Override
    public List<PermissionInfo.Permission> disabledPermissions() {
        List<PermissionInfo.Permission> off = new ArrayList<>();
        if (settings.input() == null) {
            off.add(PermissionInfo.Permission.Keyboard);
        }
        if (audioFormat.isEmpty()) {
            off.add(PermissionInfo.Permission.Audio);
        }
        if (settings.shareDir() == null) {
            off.add(PermissionInfo.Permission.File);
        }
        off.add(PermissionInfo.Permission.Restart);
        off.add(PermissionInfo.Permission.Recording);
        off.add(PermissionInfo.Permission.BlockInput);
        off.add(PermissionInfo.Permission.PrivacyMode);
        return off;
    }

    @Override
    public boolean fileTransferEnabled() {
        return settings.shareDir() != null;
    }

    @Override
    public FileSession openFiles(MessageSink out) {
        return settings.files().apply(new FileSettings(settings.shareDir(), settings.shareWritable(), out));
    }

    @Override
    public void join(DeviceConnection connection) {
        sessions.add(connection);
        audioFormat.ifPresent(f -> connection.offer(Messages.audioFormat(f[0], f[1]).toByteArray()));
        synchronized (this) {
            if (settings.video() != null) {
                if (!videoRunning) {
                    videoRunning = true;
                    settings.video().start(this::broadcastFrame);
                } else {
                    settings.video().requestKeyFrame();
                }
            }
        }
    }

    @Override
    public void leave(DeviceConnection connection) {
        sessions.remove(connection);
        guard.rotateTemporaryPassword();
        synchronized (this) {
            if (videoRunning && sessions.isEmpty()) {
                videoRunning = false;
                settings.video().stop();
            }
        }
    }

    @Override
    public void requestKeyFrame() {
        VideoSource v = settings.video();
        if (v != null) {
            v.requestKeyFrame();
        }
    }

    // ---- broadcast ----

    private void broadcastFrame(EncodedFrame frame) {
        if (sessions.isEmpty()) {
            return;
        }
        byte[] message = Messages.video(settings.video().codec(), frame, 0).toByteArray();
        for (DeviceConnection c : sessions) {
            c.offerVideo(message, frame.key());
        }
    }

    public void sendClipboard(String text) {
        byte[] m = Messages.clipboard(text).toByteArray();
        sessions.forEach(c -> c.offer(m));
    }

    public void sendCursor(CursorImage cursor) {
        byte[] image = Messages.cursor(cursor).toByteArray();
        sessions.forEach(c -> c.offerCursor(cursor, image));
    }

    public void sendCursorPosition(int x, int y) {
        byte[] m = Messages.cursorPosition(x, y).toByteArray();
        sessions.forEach(c -> c.offer(m));
    }

    public void sendAudioFormat(int sampleRate, int channels) {
        audioFormat = Optional.of(new int[] {sampleRate, channels});
        byte[] m = Messages.audioFormat(sampleRate, channels).toByteArray();
        sessions.forEach(c -> c.offer(m));
    }

    public void sendAudio(byte[] opus) {
        byte[] m = Messages.audio(opus).toByteArray();
        sessions.forEach(c -> c.offer(m));
    }

    /** Every logged-in session, remote desktop and file transfer. */
    public List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        for (DeviceConnection c : live) {
            if (c.authorized()) {
                out.add(c.info());
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        for (DeviceConnection c : live) {
            c.close("Closed manually by the peer");
        }
        scheduler.shutdownNow();
    }

    public static String defaultHostname() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.nio.file.Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException | RuntimeException e) {
                h = "jdesk";
            }
        }
        return h.toLowerCase(java.util.Locale.ROOT);
    }

    /** The platform string of this JVM's OS, as the official peers write it. */
    public static String defaultPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) {
            return "Windows";
        }
        if (os.startsWith("mac")) {
            return "Mac OS";
        }
        return "Linux";
    }

    static SecureRandom random() {
        return new SecureRandom();
    }
}
