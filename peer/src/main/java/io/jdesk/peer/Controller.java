package io.jdesk.peer;

import io.jdesk.peer.PeerException.Reason;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.internal.session.ControllerFiles;
import io.jdesk.peer.internal.rendezvous.Dialer;
import io.jdesk.peer.internal.rendezvous.DialerConfig;
import io.jdesk.peer.internal.rendezvous.Endpoints;
import io.jdesk.peer.internal.rendezvous.MediatorConfig;
import io.jdesk.peer.internal.session.ControllerConnection;
import io.jdesk.protocol.crypto.CryptoException;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.ConnType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The controlling side: dials a device by its ID through a RustDesk ID server, logs in with its
 * password and returns a {@link Session}.
 *
 * <pre>{@code
 * Controller controller = Controller.builder()
 *         .server("rustdesk.example.com")
 *         .key("OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=")
 *         .build();
 * try (Session session = controller.connect("123456789", "password", SessionKind.REMOTE_DESKTOP,
 *         new SessionListener() {
 *             public void videoFrame(VideoCodec codec, EncodedFrame frame, int display) {
 *                 decoder.decode(frame.data());
 *             }
 *         })) {
 *     session.mouse(MouseInput.move(100, 100));
 * }
 * }</pre>
 *
 * <p>A controller may be shared by threads and used for many sessions.
 *
 * <p>Every session is end-to-end encrypted: the device's key must carry the ID server's signature
 * and the device must prove it holds that key. When either does not verify, {@code connect}
 * fails with {@link Reason#UNTRUSTED}, unless {@link Builder#insecure(boolean)} was chosen (the
 * official client asks its user instead).
 */
public final class Controller {

    private final Dialer dialer; // one per controller: it caches the NAT type it measured
    private final VerifyKey serverKey;
    private final boolean insecure;
    private final ControllerConnection.Self self;

    private Controller(Builder b) {
        String key = b.key.isEmpty() ? Endpoints.RS_PUB_KEY : b.key;
        try {
            serverKey = VerifyKey.fromBase64(key);
        } catch (CryptoException | IllegalArgumentException e) {
            throw new IllegalArgumentException("key: not a Base64 Ed25519 public key: " + b.key, e);
        }
        dialer = new Dialer(DialerConfig.of(b.server, b.key).withRelayServer(b.relayServer).withVersion(b.version)
                .withForceRelay(b.forceRelay));
        insecure = b.insecure;
        self = new ControllerConnection.Self(b.myId, b.myName, b.version, b.platform, Set.copyOf(b.decoders));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens a remote-desktop session whose events nobody listens to (e.g. to read PeerInfo). */
    public Session connect(String id, String password) throws PeerException {
        return connect(id, password, SessionKind.REMOTE_DESKTOP, new SessionListener() { });
    }

    /**
     * Dials {@code id}, runs the handshake and logs in.
     *
     * @throws PeerException with the official client's text: "ID does not exist", "Remote desktop
     *     is offline", "Key mismatch", "Wrong Password", ...
     */
    public Session connect(String id, String password, SessionKind kind, SessionListener listener)
            throws PeerException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(listener, "listener");
        PeerLink link = dialer.dial(id,
                kind == SessionKind.FILE_TRANSFER ? ConnType.FILE_TRANSFER : ConnType.DEFAULT_CONN);
        return ControllerConnection.open(link, id, password, kind, listener, serverKey, insecure, self,
                ControllerFiles::open);
    }

    /** Settings of a {@link Controller}; {@code server} and {@code key} are required. */
    public static final class Builder {
        private String server;
        private String key;
        private String relayServer = "";
        private boolean forceRelay;
        private boolean insecure;
        private String myId = "jdesk";
        private String myName = System.getProperty("user.name", "jdesk");
        private String version = MediatorConfig.DEFAULT_VERSION;
        private String platform = io.jdesk.peer.internal.DeviceCore.defaultPlatform();
        private Set<VideoCodec> decoders = EnumSet.allOf(VideoCodec.class);

        private Builder() {
        }

        /** The ID server: {@code host}, {@code host:port} or {@code [v6]:port} (port 21116 by default). */
        public Builder server(String hostPort) {
            this.server = hostPort;
            return this;
        }

        /** The ID server's public key; an empty string means RustDesk's public server key. */
        public Builder key(String base64) {
            this.key = base64;
            return this;
        }

        /** Join relays here instead of where the ID server says. */
        public Builder relayServer(String hostPort) {
            this.relayServer = hostPort == null ? "" : hostPort;
            return this;
        }

        /** Always go through the relay (the client's "force relay"). */
        public Builder forceRelay(boolean on) {
            this.forceRelay = on;
            return this;
        }

        /** Go on unencrypted when a signature does not verify, instead of failing. Not recommended. */
        public Builder insecure(boolean on) {
            this.insecure = on;
            return this;
        }

        /** Our own ID and name as the device shows them (LoginRequest.my_id / my_name). */
        public Builder identity(String myId, String myName) {
            this.myId = Objects.requireNonNull(myId);
            this.myName = Objects.requireNonNull(myName);
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        /** The codecs the application can decode (default: all); devices choose among them. */
        public Builder decoders(Set<VideoCodec> codecs) {
            this.decoders = EnumSet.copyOf(codecs);
            return this;
        }

        public Controller build() {
            Objects.requireNonNull(server, "server");
            if (key == null) {
                throw new IllegalArgumentException("key: the ID server's public key is required "
                        + "(an empty string means RustDesk's public server key)");
            }
            return new Controller(this);
        }
    }
}
