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

    SessionPair(Path dir, VideoSource video, InputSink input, DeviceListener events) throws IOException {
        identity = IdentityStore.open(dir);
        identity.setPermanentPassword(PASSWORD);
        core = new DeviceCore(identity, new DeviceCore.Settings("1.4.9", "Linux", "testhost", "tester", video,
                Display.of(1280, 720), input, events, null, false, null), guard, () -> reconfirmed.set(true));
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
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
        Socket controller = new Socket(listener.getInetAddress(), listener.getLocalPort());
        Socket device = listener.accept();
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

    @Override
    public void close() throws IOException {
        core.close();
        listener.close();
    }
}
