package io.jdesk.peer.internal.session;

import com.google.protobuf.ByteString;
import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.Display;
import io.jdesk.peer.InputSink;
import io.jdesk.peer.SessionKind;
import io.jdesk.peer.SessionListener;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.VideoSource;
import io.jdesk.peer.internal.DeviceCore;
import io.jdesk.peer.internal.IdentityStore;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.IdPk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device core and a controller joined by a plain loopback TCP connection (no rendezvous), with
 * a test "server" key that signs the device's key as hbbs would.
 */
final class SessionPair implements AutoCloseable {

    static final String PASSWORD = "correct horse";
    static final ControllerConnection.Self SELF = new ControllerConnection.Self("555666777", "Tester", "1.4.9",
            "Linux", EnumSet.allOf(VideoCodec.class));

    final SigningKeyPair serverKey = SigningKeyPair.generate();
    final IdentityStore identity;
    final LoginGuard guard = new LoginGuard(System::currentTimeMillis, new SecureRandom(), 6);
    final DeviceCore core;
    final AtomicBoolean reconfirmed = new AtomicBoolean();
    private final ServerSocket listener;
    private volatile Socket lastController;

    /** Socket buffer size for both ends of {@link #link()}; 0: the system's default. */
    private final int socketBuffer;

    SessionPair(Path dir, VideoSource video, InputSink input, DeviceListener events) throws IOException {
        this(dir, video, input, events, null, 0);
    }

    /**
     * A pair whose device shares {@code share} writable (null: no file transfer) and whose
     * sockets have {@code socketBuffer}-byte send and receive buffers (0: default), so a test can
     * fill the TCP buffers with little data.
     */
    SessionPair(Path dir, VideoSource video, InputSink input, DeviceListener events, Path share,
            int socketBuffer) throws IOException {
        identity = IdentityStore.open(dir);
        identity.setPermanentPassword(PASSWORD);
        core = new DeviceCore(identity, new DeviceCore.Settings("1.4.9", "Linux", "testhost", "tester", video,
                Display.of(1280, 720), input, events, share, share != null, DeviceFiles::open), guard,
                () -> reconfirmed.set(true));
        this.socketBuffer = socketBuffer;
        listener = new ServerSocket();
        if (socketBuffer > 0) {
            listener.setReceiveBufferSize(socketBuffer); // inherited by accepted sockets
        }
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    }

    /** hbbs's signature over IdPk{id, device pk}, as PunchHoleResponse.pk carries it. */
    byte[] signedPk(String id, byte[] pk) {
        return serverKey.sign(IdPk.newBuilder().setId(id).setPk(ByteString.copyFrom(pk)).build().toByteArray());
    }

    byte[] signedPk() {
        return signedPk(identity.id(), identity.keyPair().publicKey());
    }

    /** A connected pair of sockets: the device side goes to the core, the controller side is returned. */
    Socket link() throws IOException {
        Socket controller = new Socket();
        if (socketBuffer > 0) {
            controller.setReceiveBufferSize(socketBuffer);
            controller.setSendBufferSize(socketBuffer);
        }
        controller.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()));
        Socket device = listener.accept();
        lastController = controller;
        if (socketBuffer > 0) {
            device.setSendBufferSize(socketBuffer);
        }
        core.accept(new PeerLink(device, ConnectPath.LAN, true, null));
        return controller;
    }

    ControllerConnection connect(String password, SessionListener events) throws IOException {
        return connect(password, events, signedPk(), false);
    }

    ControllerConnection connect(String password, SessionListener events, byte[] signedPk, boolean insecure)
            throws IOException {
        return ControllerConnection.open(new PeerLink(link(), ConnectPath.LAN, true, signedPk), identity.id(), password,
                SessionKind.REMOTE_DESKTOP, events, serverKey.verifyKey(), insecure, SELF, (out, v) -> null);
    }

    /** A FILE_TRANSFER session with the real file drivers on both sides. */
    ControllerConnection connectFiles(SessionListener events) throws IOException {
        return ControllerConnection.open(new PeerLink(link(), ConnectPath.LAN, true, signedPk()), identity.id(),
                PASSWORD, SessionKind.FILE_TRANSFER, events, serverKey.verifyKey(), false, SELF,
                ControllerFiles::open);
    }

    /** Closes the controller's end of the last link, so that nothing stays blocked on it. */
    void abortLastLink() throws IOException {
        Socket s = lastController;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        core.close();
        listener.close();
    }
}
