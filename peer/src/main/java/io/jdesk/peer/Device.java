package io.jdesk.peer;

import io.jdesk.peer.internal.DeviceCore;
import io.jdesk.peer.internal.IdentityStore;
import io.jdesk.peer.internal.session.DeviceFiles;
import io.jdesk.peer.internal.rendezvous.Mediator;
import io.jdesk.peer.internal.rendezvous.MediatorConfig;
import io.jdesk.peer.internal.session.LoginGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A controlled RustDesk device: it registers an ID with a RustDesk ID server (hbbs, or jdesk),
 * accepts sessions from official RustDesk clients by TCP hole punch, LAN or relay, checks their
 * password, and then streams the application's video and takes their input.
 *
 * <pre>{@code
 * Device device = Device.builder()
 *         .server("rustdesk.example.com")               // hbbs, port 21116 unless given
 *         .key("OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=") // the server's public key
 *         .identityDirectory(Path.of("/var/lib/mykvm/rustdesk"))
 *         .permanentPassword("a long secret")
 *         .video(myH264Encoder)                        // a VideoSource
 *         .input(myHidBridge)                          // an InputSink
 *         .build();
 * device.start();
 * System.out.println("ID " + device.id());
 * ...
 * device.close();
 * }</pre>
 *
 * <p>The identity (ID, key pair, salt, password hash) is created on first start in the identity
 * directory and kept there. With no permanent password a random temporary password is used
 * ({@link #temporaryPassword()}), rotated after every session and after 10 wrong attempts, as
 * RustDesk does.
 */
public final class Device implements AutoCloseable {

    private final IdentityStore identity;
    private final DeviceCore core;
    private final LoginGuard guard;
    private final MediatorConfig mediatorConfig;
    private final DeviceListener listener;
    private volatile Mediator mediator;
    private volatile String announced; // the ID last reported as registered

    private Device(Builder b) throws IOException {
        identity = IdentityStore.open(b.identityDirectory);
        if (b.id != null) {
            identity.setId(b.id);
        }
        if (b.permanentPassword != null) {
            identity.setPermanentPassword(b.permanentPassword);
        }
        boolean temporary = b.temporaryPassword != null ? b.temporaryPassword : identity.permanentH1().isEmpty();
        guard = new LoginGuard(System::currentTimeMillis, new SecureRandom(), temporary ? 6 : 0);
        listener = b.listener != null ? b.listener : new DeviceListener() { };
        core = new DeviceCore(identity, new DeviceCore.Settings(b.version, b.platform, b.hostname, b.username,
                b.video, b.display, b.input, listener, b.shareDirectory, b.shareWritable,
                DeviceFiles::open), guard, this::reconfirmKey);
        mediatorConfig = MediatorConfig.of(b.server, b.key).withRelayServer(b.relayServer).withVersion(b.version)
                .withMode(b.tcpRegistration ? MediatorConfig.Mode.TCP : MediatorConfig.Mode.AUTO);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers with the server and starts accepting sessions. */
    public synchronized Device start() {
        if (mediator == null) {
            mediator = new Mediator(mediatorConfig, identity, core::accept);
            mediator.start();
            core.scheduler().scheduleWithFixedDelay(this::watchRegistration, 100, 250,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Tells the listener when the server first confirms us, and again after the ID changed. */
    private void watchRegistration() {
        Mediator m = mediator;
        if (m != null && m.registered()) {
            String id = m.id();
            if (!id.equals(announced)) {
                announced = id;
                try {
                    listener.registered(id);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Device.class).warn("DeviceListener.registered failed", e);
                }
            }
        }
    }

    /** The device's ID (it changes only if the server reports another device owns it). */
    public String id() {
        return identity.id();
    }

    /** True once the server confirmed our key and answers our registrations. */
    public boolean registered() {
        Mediator m = mediator;
        return m != null && m.registered();
    }

    /** The current temporary password, if temporary passwords are enabled. */
    public Optional<String> temporaryPassword() {
        return guard.temporaryPassword();
    }

    /** The sessions logged in now. */
    public List<SessionInfo> sessions() {
        return core.sessions();
    }

    /** Sends clipboard text to every remote-desktop session. */
    public void sendClipboard(String text) {
        core.sendClipboard(Objects.requireNonNull(text));
    }

    /** Sends a cursor shape (the image once per session, its id afterwards). */
    public void sendCursor(CursorImage cursor) {
        core.sendCursor(cursor);
    }

    public void sendCursorPosition(int x, int y) {
        core.sendCursorPosition(x, y);
    }

    /** Announces the audio format; sent again to each session that joins later. */
    public void sendAudioFormat(int sampleRate, int channels) {
        core.sendAudioFormat(sampleRate, channels);
    }

    /** One Opus packet (10 ms) to every remote-desktop session. */
    public void sendAudio(byte[] opus) {
        core.sendAudio(opus);
    }

    private void reconfirmKey() {
        Mediator m = mediator;
        if (m != null) {
            m.reconfirmKey();
        }
    }

    /** Closes every session (telling each controller) and stops registering. */
    @Override
    public synchronized void close() {
        core.close();
        if (mediator != null) {
            mediator.close();
            mediator = null;
        }
    }

    /** Settings of a {@link Device}; {@code server}, {@code key} and {@code identityDirectory} are required. */
    public static final class Builder {
        private String server;
        private String key;
        private Path identityDirectory;
        private String id;
        private String permanentPassword;
        private Boolean temporaryPassword;
        private String relayServer = "";
        private String version = MediatorConfig.DEFAULT_VERSION;
        private String platform = DeviceCore.defaultPlatform();
        private String hostname = DeviceCore.defaultHostname();
        private String username = System.getProperty("user.name", "");
        private VideoSource video;
        private Display display = Display.of(1920, 1080);
        private InputSink input;
        private DeviceListener listener;
        private Path shareDirectory;
        private boolean shareWritable;
        private boolean tcpRegistration;

        private Builder() {
        }

        /** The ID server: {@code host}, {@code host:port} or {@code [v6]:port} (port 21116 by default). */
        public Builder server(String hostPort) {
            this.server = hostPort;
            return this;
        }

        /** The ID server's public key (the "Key" of the RustDesk client's network settings). */
        public Builder key(String base64) {
            this.key = base64;
            return this;
        }

        /** Where the identity lives (created when absent). */
        public Builder identityDirectory(Path dir) {
            this.identityDirectory = dir;
            return this;
        }

        /** Use this ID (at least 6 characters) instead of the random nine-digit one. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the permanent password; only its salted hash is stored. */
        public Builder permanentPassword(String password) {
            this.permanentPassword = password;
            return this;
        }

        /** Whether a temporary password is also accepted (default: only when no permanent one is set). */
        public Builder temporaryPassword(boolean enabled) {
            this.temporaryPassword = enabled;
            return this;
        }

        /** Join relays here instead of where the ID server says (the client's "Relay server"). */
        public Builder relayServer(String hostPort) {
            this.relayServer = hostPort == null ? "" : hostPort;
            return this;
        }

        /** The RustDesk version we announce (default 1.4.9); controllers gate features on it. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** "Windows", "Linux", "Mac OS" or "Android": decides the key codes controllers send in Map mode. */
        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder video(VideoSource source) {
            this.video = source;
            return this;
        }

        /** The display announced when there is no video source (default 1920×1080). */
        public Builder display(Display display) {
            this.display = display;
            return this;
        }

        public Builder input(InputSink input) {
            this.input = input;
            return this;
        }

        public Builder listener(DeviceListener listener) {
            this.listener = listener;
            return this;
        }

        /** Serve file transfer from {@code dir}; controllers may write only if {@code writable}. */
        public Builder shareDirectory(Path dir, boolean writable) {
            this.shareDirectory = dir;
            this.shareWritable = writable;
            return this;
        }

        /** Register over TCP with KeyExchange instead of UDP (needs a server that offers it, as jdesk does). */
        public Builder tcpRegistration(boolean on) {
            this.tcpRegistration = on;
            return this;
        }

        /** @throws IOException when the identity directory cannot be read or created */
        public Device build() throws IOException {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(identityDirectory, "identityDirectory");
            if (key == null) {
                throw new IllegalArgumentException("key: the ID server's public key is required "
                        + "(an empty string means RustDesk's public server key)");
            }
            return new Device(this);
        }
    }
}
