package io.jdesk.peer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A logged-in controller session with a device, from {@link Controller#connect}. Thread-safe:
 * any thread may send. Events arrive at the {@link SessionListener} given to {@code connect}.
 */
public interface Session extends AutoCloseable {

    /** The device's ID, as dialed. */
    String id();

    RemotePeer peer();

    ConnectPath path();

    SessionKind kind();

    /** Whether the stream is end-to-end encrypted (always, unless the controller is insecure). */
    boolean encrypted();

    void mouse(MouseInput event) throws IOException;

    void key(KeyInput event) throws IOException;

    void clipboard(String text) throws IOException;

    /** Ask the device for a key frame (Misc.refresh_video). */
    void refreshVideo() throws IOException;

    /** The round-trip time the device last measured, in milliseconds. */
    int lastDelayMillis();

    boolean isOpen();

    /** Lists a directory of the device's shared tree (FILE_TRANSFER sessions). */
    List<RemoteFile> list(String path) throws IOException;

    /** Copies a device file to {@code local} (FILE_TRANSFER sessions). */
    void download(String remotePath, Path local) throws IOException;

    /** Copies {@code local} to the device (FILE_TRANSFER sessions; the device must allow writes). */
    void upload(Path local, String remotePath) throws IOException;

    /** Ends the session (sends Misc.close_reason "" first, as the official controller does). */
    @Override
    void close();
}
