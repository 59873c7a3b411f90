package io.jdesk.peer.internal.files;

import io.jdesk.peer.internal.MessageSink;
import io.jdesk.protocol.net.Versions;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileDirCreate;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileRemoveDir;
import io.jdesk.protocol.proto.FileRemoveFile;
import io.jdesk.protocol.proto.FileRename;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.ReadAllFiles;
import io.jdesk.protocol.proto.ReadDir;
import io.jdesk.protocol.proto.ReadEmptyDirs;
import io.jdesk.protocol.proto.ReadEmptyDirsResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of file transfer (peer.md §7.10): serves one controller's FileActions on the
 * folder the application shares, and receives its uploads.
 *
 * <p>Paths: the controller sees the shared folder as {@code "/"} (see {@link SharedRoot});
 * anything that leaves it, also through links, is refused with a FileResponse.error. The
 * session should therefore present a non-Windows platform so controllers use {@code '/'}.
 * Writes (receive, create, remove_dir, remove_file, rename) need {@code allowWrite}.
 *
 * <p>Who calls what: the session's reader routes {@code Message.file_action} to
 * {@link #onAction} and {@code Message.file_response} to {@link #onResponse}; after login of a
 * file-transfer session it calls {@link #sendInitialListing} and
 * {@link #setOverwriteDetection} from {@code LoginRequest}. Downloads are sent by
 * {@link #pump()}, one message per call: call it while it returns true, and again when
 * {@code workAvailable} runs, which happens whenever pump turns from having nothing to send
 * to having something (a job started, a confirm arrived, a waiting job was cancelled).
 * Upstream paces this with a 1 ms timer; any loop or scheduler will do. {@link #close()} when
 * the session ends.
 *
 * <p>Threading: every method may be called from any thread; one lock guards the jobs, and
 * messages are handed to the sink while it is held, in order. So the sink must not call back
 * into this object, and it must not block: it queues, and another thread writes (the session
 * layer's {@code Pump}). A sink that wrote to the socket would hold the lock while the socket is
 * full, and the reader, which needs the lock for the controller's confirms and upload blocks,
 * would stop reading: with an upload and a download at once, both peers then wait for each
 * other. {@code workAvailable} runs without the lock. File I/O runs on the calling thread.
 */
public final class FileService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);

    /** The reply to any write when the application shares read-only. */
    static final String NO_WRITE = "No permission: this device shares its files read-only";

    /**
     * Controllers from 1.1.10 expect a digest per file and confirm it (hbb_common
     * {@code src/fs.rs} {@code can_enable_overwrite_detection}).
     */
    private static final long OVERWRITE_DETECTION_SINCE = Versions.number("1.1.10");

    private final SharedRoot root;
    private final boolean allowWrite;
    private final MessageSink out;
    private final FileLimits limits;
    private final Runnable workAvailable;
    private final ServiceJobs jobs;
    private final Object lock = new Object();
    private boolean overwriteDetection = true;
    private boolean closed;

    /** A service with {@link FileLimits#DEFAULT} and no wake-up callback. */
    public FileService(Path root, boolean allowWrite, MessageSink out) {
        this(root, allowWrite, out, FileLimits.DEFAULT, () -> { });
    }

    /**
     * @param root the shared folder; must exist
     * @param allowWrite whether the controller may upload, create, remove and rename
     * @param out where replies and download messages go; queues without blocking (see above)
     * @param limits bounds on jobs, listings and paths
     * @param workAvailable runs (without locks held) when {@link #pump()} gets something to
     *     send after it had nothing
     * @throws UncheckedIOException when {@code root} is not an existing directory
     */
    public FileService(Path root, boolean allowWrite, MessageSink out, FileLimits limits,
            Runnable workAvailable) {
        try {
            this.root = SharedRoot.of(root, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("shared folder " + root, e);
        }
        this.allowWrite = allowWrite;
        this.out = Objects.requireNonNull(out);
        this.limits = limits;
        this.workAvailable = Objects.requireNonNull(workAvailable);
        this.jobs = new ServiceJobs(limits);
    }

    /** Whether a controller of this version (LoginRequest.version) expects digests. */
    public static boolean supportsOverwriteDetection(String peerVersion) {
        return Versions.number(peerVersion) >= OVERWRITE_DETECTION_SINCE;
    }

    /** Digests per file (default on); set from the controller's version for new jobs. */
    public void setOverwriteDetection(boolean enabled) {
        synchronized (lock) {
            overwriteDetection = enabled;
        }
    }

    /**
     * The listing a file-transfer session starts with (LoginRequest.file_transfer): {@code dir}
     * when it names a directory inside the share, else the share's root (upstream falls back
     * to the home directory).
     */
    public void sendInitialListing(String dir, boolean includeHidden) throws IOException {
        synchronized (lock) {
            List<String> parts = List.of();
            try {
                List<String> wanted = root.parse(dir);
                if (Files.isDirectory(root.existing(wanted))) {
                    parts = wanted;
                }
            } catch (IOException e) {
                LOG.debug("initial listing of {} not possible ({}); listing /", dir,
                        RefusedException.describe(e));
            }
            send(listing(parts, includeHidden));
        }
    }

    /** A FileAction from the controller. */
    public void onAction(FileAction action) throws IOException {
        boolean wake;
        synchronized (lock) {
            if (closed) {
                return;
            }
            boolean ready = jobs.readReady();
            switch (action.getUnionCase()) {
                case READ_DIR -> onReadDir(action.getReadDir());
                case ALL_FILES -> onAllFiles(action.getAllFiles());
                case READ_EMPTY_DIRS -> onReadEmptyDirs(action.getReadEmptyDirs());
                case SEND -> send(jobs.startRead(action.getSend(), root, overwriteDetection));
                case RECEIVE -> send(jobs.startWrite(action.getReceive(), root, allowWrite));
                case SEND_CONFIRM -> send(jobs.confirm(action.getSendConfirm()));
                case CANCEL -> jobs.cancel(action.getCancel().getId());
                case CREATE -> onCreate(action.getCreate());
                case REMOVE_DIR -> onRemoveDir(action.getRemoveDir());
                case REMOVE_FILE -> onRemoveFile(action.getRemoveFile());
                case RENAME -> onRename(action.getRename());
                default -> LOG.debug("onAction: empty FileAction ignored");
            }
            wake = !ready && jobs.readReady();
        }
        if (wake) {
            workAvailable.run();
        }
    }

    /** A FileResponse from the controller: the stream of an upload. */
    public void onResponse(FileResponse response) throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            switch (response.getUnionCase()) {
                case DIGEST -> send(jobs.onDigest(response.getDigest()));
                case BLOCK -> send(jobs.onBlock(response.getBlock()));
                case DONE -> send(jobs.onDone(response.getDone()));
                case ERROR -> send(jobs.onError(response.getError()));
                default -> LOG.debug("onResponse: {} from the controller ignored",
                        response.getUnionCase());
            }
        }
    }

    /**
     * Sends the next message of the current download, if it has one. Jobs go one at a time in
     * the order they started, as upstream's.
     *
     * @return true when there is more to send right away; false when nothing is left or the
     *     current job waits for the controller's confirm
     */
    public boolean pump() throws IOException {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            Message next = jobs.nextRead();
            if (next != null) {
                out.send(next);
            }
            return next != null && jobs.readReady();
        }
    }

    /** Whether {@link #pump()} would send something now. */
    public boolean hasWork() {
        synchronized (lock) {
            return !closed && jobs.readReady();
        }
    }

    /** Ends every job; partial uploads are deleted. Later messages are ignored. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            jobs.closeAll();
        }
    }

    private void onReadDir(ReadDir request) throws IOException {
        List<String> parts;
        try {
            parts = root.parse(request.getPath());
        } catch (RefusedException e) {
            send(FileMessages.error(0, e.getMessage(), 0));
            return;
        }
        send(listing(parts, request.getIncludeHidden()));
    }

    private Message listing(List<String> parts, boolean includeHidden) {
        try {
            Path dir = root.existing(parts);
            if (!Files.isDirectory(dir)) {
                throw new RefusedException("Not a directory: " + SharedRoot.remote(parts));
            }
            return FileMessages.dir(0, SharedRoot.remote(parts),
                    Listing.directory(dir, includeHidden, limits));
        } catch (IOException e) {
            return FileMessages.error(0, RefusedException.describe(e), 0);
        }
    }

    private void onAllFiles(ReadAllFiles request) throws IOException {
        Message reply;
        try {
            List<String> parts = root.parse(request.getPath());
            List<FileEntry> files = Listing.files(root.existing(parts),
                    request.getIncludeHidden(), limits);
            reply = FileMessages.dir(request.getId(), SharedRoot.remote(parts), files);
        } catch (IOException e) {
            reply = FileMessages.error(request.getId(), RefusedException.describe(e), -1);
        }
        send(reply);
    }

    private void onReadEmptyDirs(ReadEmptyDirs request) throws IOException {
        Message reply;
        try {
            List<String> parts = root.parse(request.getPath());
            String remote = SharedRoot.remote(parts);
            reply = FileMessages.response(FileResponse.newBuilder().setEmptyDirs(
                    ReadEmptyDirsResponse.newBuilder().setPath(remote).addAllEmptyDirs(
                            Listing.emptyDirs(root.existing(parts), remote,
                                    request.getIncludeHidden(), limits))));
        } catch (IOException e) {
            reply = FileMessages.error(0, RefusedException.describe(e), 0);
        }
        send(reply);
    }

    private void onCreate(FileDirCreate request) throws IOException {
        send(change(request.getId(), 0, request.getPath(),
                parts -> FileOps.create(root, parts)));
    }

    private void onRemoveDir(FileRemoveDir request) throws IOException {
        send(change(request.getId(), 0, request.getPath(),
                parts -> FileOps.removeDir(root, parts, request.getRecursive(), limits)));
    }

    private void onRemoveFile(FileRemoveFile request) throws IOException {
        send(change(request.getId(), request.getFileNum(), request.getPath(),
                parts -> FileOps.removeFile(root, parts)));
    }

    private void onRename(FileRename request) throws IOException {
        send(change(request.getId(), 0, request.getPath(),
                parts -> FileOps.rename(root, parts, request.getNewName())));
    }

    @FunctionalInterface
    private interface Change {
        void apply(List<String> parts) throws IOException;
    }

    /** A write operation: refused without permission; done or error, as upstream. */
    private Message change(int id, int fileNum, String path, Change change) {
        if (!allowWrite) {
            return FileMessages.error(id, NO_WRITE, fileNum);
        }
        try {
            change.apply(root.parse(path));
            return FileMessages.done(id, fileNum);
        } catch (IOException e) {
            LOG.debug("file operation {} on {} refused: {}", id, path,
                    RefusedException.describe(e));
            return FileMessages.error(id, RefusedException.describe(e), fileNum);
        }
    }

    /** Sends {@code message} unless null; returns whether one was sent. */
    private boolean send(Message message) throws IOException {
        if (message == null) {
            return false;
        }
        out.send(message);
        return true;
    }
}
