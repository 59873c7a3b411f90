package io.jdesk.peer.internal.files;

import io.jdesk.peer.internal.MessageSink;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileDirCreate;
import io.jdesk.protocol.proto.FileDirectory;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileRemoveDir;
import io.jdesk.protocol.proto.FileRemoveFile;
import io.jdesk.protocol.proto.FileRename;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransferCancel;
import io.jdesk.protocol.proto.FileTransferError;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.ReadDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller side of file transfer (peer.md §7.10): lists, downloads and uploads on the
 * device, and asks it to create, remove and rename.
 *
 * <p>Paths on the device are its own strings: absolute paths with {@code '/'} for jdesk and
 * other non-Windows devices ({@code "/"} is a jdesk device's shared folder), {@code "C:\..."}
 * for Windows ones. {@code ""} lists the device's start folder (home upstream).
 *
 * <p>Who calls what: the application calls the request methods from any thread; each returns
 * a future completed by the session's reader, which routes {@code Message.file_response} to
 * {@link #onResponse} and {@code Message.file_action} to {@link #onAction}. Uploads are sent by
 * {@link #pump()}, one message per call: call it while it returns true, and again when
 * {@code workAvailable} runs (whenever pump turns from having nothing to send to having
 * something). After PeerInfo, call {@link #setOverwriteDetection} with
 * {@link FileService#supportsOverwriteDetection}(PeerInfo.version). {@link #close()} fails
 * whatever is pending. The device may not answer a listing it cannot make (upstream stays
 * silent), so put a timeout on list futures ({@code orTimeout}). Cancelling a download or
 * upload future cancels the job on the device.
 *
 * <p>Threading: one lock guards the state; messages go to the sink while it is held, so the
 * sink must not call back in and must not block: it queues, and another thread writes (the
 * session layer's {@code Pump}; see {@link FileService} for the deadlock a writing sink makes).
 * Futures are completed after the lock is released, on the thread that caused it (usually the
 * reader). File I/O runs on the calling thread.
 */
public final class FileClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileClient.class);

    private final MessageSink out;
    private final FileLimits limits;
    private final Runnable workAvailable;
    private final Object lock = new Object();
    private final ClientJobs jobs;
    private final PendingListings lists = new PendingListings();
    private final Map<Integer, CompletableFuture<Void>> requests = new HashMap<>();
    private final List<Runnable> deferred = new ArrayList<>();
    private int nextId = 1;
    private boolean closed;

    /** A client with {@link FileLimits#DEFAULT} and no wake-up callback. */
    public FileClient(MessageSink out) {
        this(out, FileLimits.DEFAULT, () -> { });
    }

    /**
     * @param out where requests and upload messages go; queues without blocking (see above)
     * @param limits bounds on jobs, pending requests and file lists from the device
     * @param workAvailable runs (without locks held) when {@link #pump()} gets something to
     *     send after it had nothing
     */
    public FileClient(MessageSink out, FileLimits limits, Runnable workAvailable) {
        this.out = Objects.requireNonNull(out);
        this.limits = Objects.requireNonNull(limits);
        this.workAvailable = Objects.requireNonNull(workAvailable);
        this.jobs = new ClientJobs(limits, deferred);
    }

    /** Digests per uploaded file (default on); the device's version decides (≥ 1.1.10). */
    public void setOverwriteDetection(boolean enabled) {
        synchronized (lock) {
            jobs.setOverwriteDetection(enabled);
        }
    }

    /** Lists a remote directory without hidden entries. */
    public CompletableFuture<List<RemoteEntry>> list(String path) {
        return list(path, false);
    }

    /** Lists a remote directory (FileAction.read_dir). */
    public CompletableFuture<List<RemoteEntry>> list(String path, boolean includeHidden) {
        CompletableFuture<List<RemoteEntry>> future = new CompletableFuture<>();
        synchronized (lock) {
            if (!refuseRequest(future)) {
                PendingListings.Pending pending = lists.add(path, future);
                Message request = FileMessages.action(FileAction.newBuilder().setReadDir(
                        ReadDir.newBuilder().setPath(path).setIncludeHidden(includeHidden)));
                if (!trySend(request, future)) {
                    lists.remove(pending);
                }
            }
        }
        flush();
        return future;
    }

    /**
     * Downloads a remote file or directory (hidden files included) to {@code local}, which
     * becomes the file, or the directory holding the tree; existing files are overwritten.
     * Empty directories below a downloaded directory are not recreated (upstream's controller
     * asks for them with read_empty_dirs separately). Completes when the device says done and
     * every file is in place.
     */
    public CompletableFuture<Void> download(String remotePath, Path local) {
        Objects.requireNonNull(remotePath);
        Objects.requireNonNull(local);
        CompletableFuture<Void> future = new CompletableFuture<>();
        int id;
        boolean started;
        synchronized (lock) {
            started = !refuseJob(future);
            id = started ? newId() : 0;
            if (started) {
                Message request = jobs.startDownload(id, remotePath, local, future);
                started = trySend(request, future);
                if (!started) {
                    jobs.forget(id);
                }
            }
        }
        flush();
        if (started) {
            future.whenComplete((ok, failure) -> cancelOnDevice(id, future));
        }
        return future;
    }

    /**
     * Uploads a local file or directory (hidden files included, links skipped) to
     * {@code remotePath}, which becomes the file, or the directory holding the tree; empty
     * directories are created first, as upstream's controller does. Completes when the device
     * says done.
     */
    public CompletableFuture<Void> upload(Path local, String remotePath) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Path start;
        List<FileEntry> files;
        List<FileDirectory> emptyDirs;
        try {
            start = local.toRealPath();
            files = Listing.files(start, true, limits);
            emptyDirs = Listing.emptyDirs(start, remotePath, true, limits);
        } catch (IOException e) {
            future.completeExceptionally(e);
            return future;
        }
        int id;
        boolean started;
        synchronized (lock) {
            started = !refuseJob(future);
            id = started ? newId() : 0;
            for (int i = 0; started && i < emptyDirs.size(); i++) {
                // answered with done or error under an id nobody waits for: ignored
                started = trySend(FileMessages.action(FileAction.newBuilder().setCreate(
                        FileDirCreate.newBuilder().setId(newId())
                                .setPath(emptyDirs.get(i).getPath()))), future);
            }
            if (started) {
                Message request = jobs.startUpload(id, start, remotePath, files, future);
                started = trySend(request, future);
                if (!started) {
                    jobs.forget(id);
                }
            }
        }
        flush();
        if (started) {
            future.whenComplete((ok, failure) -> cancelOnDevice(id, future));
            workAvailable.run();
        }
        return future;
    }

    /** Creates a remote directory and its parents (FileAction.create). */
    public CompletableFuture<Void> createDir(String path) {
        return request(id -> FileAction.newBuilder().setCreate(
                FileDirCreate.newBuilder().setId(id).setPath(path)));
    }

    /** Removes a remote file (FileAction.remove_file). */
    public CompletableFuture<Void> removeFile(String path) {
        return request(id -> FileAction.newBuilder().setRemoveFile(
                FileRemoveFile.newBuilder().setId(id).setPath(path)));
    }

    /**
     * Removes a remote directory (FileAction.remove_dir). Recursive removes empty directories
     * and links below it, not files: remove those first, as upstream's controller does.
     */
    public CompletableFuture<Void> removeDir(String path, boolean recursive) {
        return request(id -> FileAction.newBuilder().setRemoveDir(
                FileRemoveDir.newBuilder().setId(id).setPath(path).setRecursive(recursive)));
    }

    /** Renames a remote entry within its directory (FileAction.rename). */
    public CompletableFuture<Void> rename(String path, String newName) {
        return request(id -> FileAction.newBuilder().setRename(
                FileRename.newBuilder().setId(id).setPath(path).setNewName(newName)));
    }

    /** A FileResponse from the device. */
    public void onResponse(FileResponse response) throws IOException {
        boolean wake = false;
        try {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                boolean ready = jobs.uploadReady();
                switch (response.getUnionCase()) {
                    case DIR -> onDir(response.getDir());
                    case DIGEST -> send(jobs.onDigest(response.getDigest()));
                    case BLOCK -> send(jobs.onBlock(response.getBlock()));
                    case DONE -> onDone(response.getDone().getId());
                    case ERROR -> onError(response.getError());
                    default -> LOG.debug("onResponse: {} ignored", response.getUnionCase());
                }
                wake = !ready && jobs.uploadReady();
            }
        } finally {
            flush();
        }
        if (wake) {
            workAvailable.run();
        }
    }

    /** A FileAction from the device: the confirms of an upload. */
    public void onAction(FileAction action) throws IOException {
        boolean wake = false;
        synchronized (lock) {
            if (!closed && action.hasSendConfirm()) {
                boolean ready = jobs.uploadReady();
                jobs.onConfirm(action.getSendConfirm());
                wake = !ready && jobs.uploadReady();
            }
        }
        if (wake) {
            workAvailable.run();
        }
    }

    /**
     * Sends the next message of the current upload, if it has one; uploads go one at a time.
     *
     * @return true when there is more to send right away
     */
    public boolean pump() throws IOException {
        try {
            synchronized (lock) {
                if (closed) {
                    return false;
                }
                Message next = jobs.nextUpload();
                if (next == null) {
                    return false;
                }
                out.send(next);
                return jobs.uploadReady();
            }
        } finally {
            flush();
        }
    }

    /** Whether {@link #pump()} would send something now. */
    public boolean hasWork() {
        synchronized (lock) {
            return !closed && jobs.uploadReady();
        }
    }

    /** Fails everything pending and deletes partial downloads; later messages are ignored. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = new IOException("file transfer closed");
            for (PendingListings.Pending pending : lists.drain()) {
                defer(pending.future(), failure);
            }
            for (CompletableFuture<Void> future : requests.values()) {
                defer(future, failure);
            }
            requests.clear();
            jobs.closeAll(failure);
        }
        flush();
    }

    private CompletableFuture<Void> request(
            java.util.function.IntFunction<FileAction.Builder> action) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (lock) {
            if (!refuseRequest(future)) {
                int id = newId();
                requests.put(id, future);
                if (!trySend(FileMessages.action(action.apply(id)), future)) {
                    requests.remove(id);
                }
            }
        }
        flush();
        return future;
    }

    private void onDir(FileDirectory dir) throws IOException {
        if (dir.getId() != 0 && jobs.isDownload(dir.getId())) {
            send(jobs.onFiles(dir));
            return;
        }
        PendingListings.Pending pending = lists.match(dir.getPath());
        if (pending == null) {
            LOG.debug("listing of {} nobody asked for ignored", dir.getPath());
            return;
        }
        List<RemoteEntry> entries = new ArrayList<>(dir.getEntriesCount());
        for (FileEntry entry : dir.getEntriesList()) {
            entries.add(RemoteEntry.of(entry));
        }
        List<RemoteEntry> result = List.copyOf(entries);
        deferred.add(() -> pending.future().complete(result));
    }

    private void onDone(int id) {
        CompletableFuture<Void> request = requests.remove(id);
        if (request != null) {
            deferred.add(() -> request.complete(null));
            return;
        }
        jobs.onDone(id);
    }

    private void onError(FileTransferError error) {
        RemoteFileException failure = new RemoteFileException(error.getId(),
                error.getFileNum(), error.getError());
        CompletableFuture<Void> request = requests.remove(error.getId());
        if (request != null) {
            defer(request, failure);
        } else if (!jobs.onError(error.getId(), failure) && error.getId() == 0) {
            PendingListings.Pending listing = lists.oldest();
            if (listing != null) {
                defer(listing.future(), failure);
            }
        }
    }

    private void cancelOnDevice(int id, CompletableFuture<Void> future) {
        if (!future.isCancelled()) {
            return;
        }
        boolean wake;
        synchronized (lock) {
            boolean ready = jobs.uploadReady();
            if (closed || !jobs.forget(id)) {
                return;
            }
            try {
                send(FileMessages.action(FileAction.newBuilder().setCancel(
                        FileTransferCancel.newBuilder().setId(id))));
            } catch (IOException e) {
                LOG.debug("cancel of job {} not sent: {}", id, e.toString());
            }
            wake = !ready && jobs.uploadReady();
        }
        if (wake) {
            workAvailable.run();
        }
    }

    /** A fresh job or request id: 1, 2, ... wrapping back to 1 (ids <= 0 are refused). */
    private int newId() {
        int id = nextId;
        nextId = id == Integer.MAX_VALUE ? 1 : id + 1;
        return id;
    }

    private boolean refuseRequest(CompletableFuture<?> future) {
        if (closed) {
            defer(future, new IOException("file transfer closed"));
            return true;
        }
        if (lists.size() + requests.size() >= limits.maxPendingRequests()) {
            defer(future, new IOException("too many pending file requests (limit "
                    + limits.maxPendingRequests() + ")"));
            return true;
        }
        return false;
    }

    private boolean refuseJob(CompletableFuture<?> future) {
        if (closed) {
            defer(future, new IOException("file transfer closed"));
            return true;
        }
        if (jobs.count() >= limits.maxJobs()) {
            defer(future, new IOException("too many transfer jobs (limit "
                    + limits.maxJobs() + ")"));
            return true;
        }
        return false;
    }

    /** Sends; a failing sink fails the future (the caller then forgets the request). */
    private boolean trySend(Message message, CompletableFuture<?> future) {
        try {
            out.send(message);
            return true;
        } catch (IOException e) {
            defer(future, e);
            return false;
        }
    }

    private void send(Message message) throws IOException {
        if (message != null) {
            out.send(message);
        }
    }

    private void defer(CompletableFuture<?> future, Throwable failure) {
        deferred.add(() -> future.completeExceptionally(failure));
    }

    /** Completes futures outside the lock, so their callbacks may call back in. */
    private void flush() {
        List<Runnable> todo;
        synchronized (lock) {
            if (deferred.isEmpty()) {
                return;
            }
            todo = new ArrayList<>(deferred);
            deferred.clear();
        }
        todo.forEach(Runnable::run);
    }
}
