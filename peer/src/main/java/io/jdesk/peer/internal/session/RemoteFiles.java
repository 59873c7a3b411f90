package io.jdesk.peer.internal.session;

import io.jdesk.peer.RemoteFile;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The controller's file-transfer client as one session sees it. */
public interface RemoteFiles extends AutoCloseable {

    List<RemoteFile> list(String path) throws IOException;

    void download(String remotePath, Path local) throws IOException;

    void upload(Path local, String remotePath) throws IOException;

    void onResponse(FileResponse response) throws IOException;

    void onAction(FileAction action) throws IOException;

    /**
     * Queues a session message (a TestDelay) behind the file messages; never blocks, so the
     * session's reader and timer may call it while the socket is full.
     *
     * @throws IOException when the file side is closed or its queue is over its bound
     */
    void queue(Message message) throws IOException;

    @Override
    void close();
}
