package io.jdesk.peer.internal.session;

import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransfer;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;

/** The device's file-transfer service as one session sees it. */
public interface FileSession extends AutoCloseable {

    /** The session logged in asking for {@code request.dir}: send its listing. */
    void start(FileTransfer request, String controllerVersion) throws IOException;

    void onAction(FileAction action) throws IOException;

    void onResponse(FileResponse response) throws IOException;

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
