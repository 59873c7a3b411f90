package io.jdesk.peer.internal.session;

import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.InputSink;
import io.jdesk.peer.internal.MessageSink;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.PeerInfo;
import io.jdesk.protocol.proto.PermissionInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What a {@link DeviceConnection} needs from the device it belongs to. */
public interface DeviceContext {

    String id();

    SigningKeyPair keyPair();

    String salt();

    Optional<byte[]> permanentH1();

    LoginGuard guard();

    /** The controller could not verify our key: register it again (peer.md §5.1). */
    void reconfirmKey();

    ScheduledExecutorService scheduler();

    DeviceListener listener();

    InputSink input();

    PeerInfo peerInfo();

    /** Permissions announced as disabled right after Hash (peer.md §6.1). */
    List<PermissionInfo.Permission> disabledPermissions();

    boolean fileTransferEnabled();

    /** A file-transfer service for one logged-in session. */
    FileSession openFiles(MessageSink out);

    /** A remote-desktop session logged in: start feeding it media. */
    void join(DeviceConnection connection);

    void leave(DeviceConnection connection);

    void requestKeyFrame();
}
