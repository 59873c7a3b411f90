package io.jdesk.peer.internal.session;

import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.peer.RemoteFile;
import io.jdesk.peer.internal.MessageSink;
import io.jdesk.peer.internal.files.FileClient;
import io.jdesk.peer.internal.files.FileLimits;
import io.jdesk.peer.internal.files.FileService;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;

/**
 * The controller's {@link FileClient} for one file-transfer session, with its sending thread: the
 * client's messages are queued on the {@link Pump}, which alone writes them.
 */
public final class ControllerFiles implements RemoteFiles {

    /** How long a listing may take before the controller gives up on it. */
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private final FileClient client;
    private final Pump pump;

    private ControllerFiles(MessageSink out, String deviceVersion) {
        // a writer that failed fails the transfers
        pump = new Pump("jdesk-controller-files", out, this::writerFailed);
        client = new FileClient(pump, FileLimits.DEFAULT, pump::wake);
        client.setOverwriteDetection(FileService.supportsOverwriteDetection(deviceVersion));
        pump.start(client::pump);
    }

    public static RemoteFiles open(MessageSink out, String deviceVersion) {
        return new ControllerFiles(out, deviceVersion);
    }

    @Override
    public List<RemoteFile> list(String path) throws IOException {
        // a device that cannot list a directory may send nothing back (upstream does so)
        return await(client.list(path).orTimeout(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).stream()
                .map(e -> new RemoteFile(e.name(), e.isDirectory(), e.size(), e.modified(), e.hidden())).toList();
    }

    @Override
    public void download(String remotePath, Path local) throws IOException {
        await(client.download(remotePath, local));
    }

    @Override
    public void upload(Path local, String remotePath) throws IOException {
        CompletableFuture<Void> f = client.upload(local, remotePath);
        pump.wake();
        await(f);
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(Reason.CLOSED, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof TimeoutException) {
                throw new PeerException(Reason.NETWORK, "Timeout: the device did not answer", cause);
            }
            throw new PeerException(Reason.PROTOCOL, String.valueOf(cause.getMessage()), cause);
        }
    }

    @Override
    public void onResponse(FileResponse response) throws IOException {
        client.onResponse(response);
        pump.wake();
    }

    @Override
    public void onAction(FileAction action) throws IOException {
        client.onAction(action);
        pump.wake();
    }

    private void writerFailed() {
        client.close();
    }

    @Override
    public void queue(Message message) throws IOException {
        pump.send(message);
    }

    @Override
    public void close() {
        pump.close();
        client.close();
    }

}
