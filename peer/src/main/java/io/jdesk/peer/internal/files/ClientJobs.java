package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileDirectory;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileTransferBlock;
import io.jdesk.protocol.proto.FileTransferCancel;
import io.jdesk.protocol.proto.FileTransferDigest;
import io.jdesk.protocol.proto.FileTransferReceiveRequest;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.FileTransferSendRequest;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's transfer jobs of one session: downloads (the device sends, we write) and
 * uploads (we send, one at a time in start order). Methods return the message to send, or
 * null; futures are completed through the owner's deferred list, after its lock is released.
 * Not thread-safe: {@link FileClient} guards it with its lock.
 */
final class ClientJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ClientJobs.class);

    private final FileLimits limits;
    private final List<Runnable> deferred;
    private final Map<Integer, Download> downloads = new HashMap<>();
    private final Map<Integer, Upload> uploads = new LinkedHashMap<>();
    private boolean overwriteDetection = true;

    /** A download; its write job exists once the device has sent the file list. */
    private static final class Download {
        final int id;
        final Path local;
        final CompletableFuture<Void> future;
        WriteJob job;

        Download(int id, Path local, CompletableFuture<Void> future) {
            this.id = id;
            this.local = local;
            this.future = future;
        }
    }

    /** An upload; {@code sent} once our done is out and the device's done is awaited. */
    private static final class Upload {
        final ReadJob job;
        final CompletableFuture<Void> future;
        boolean sent;

        Upload(ReadJob job, CompletableFuture<Void> future) {
            this.job = job;
            this.future = future;
        }
    }

    ClientJobs(FileLimits limits, List<Runnable> deferred) {
        this.limits = limits;
        this.deferred = deferred;
    }

    void setOverwriteDetection(boolean enabled) {
        overwriteDetection = enabled;
    }

    int count() {
        return downloads.size() + uploads.size();
    }

    boolean isDownload(int id) {
        return downloads.containsKey(id);
    }

    /** Registers a download; returns FileAction.send as upstream's controller sends it. */
    Message startDownload(int id, String remotePath, Path local,
            CompletableFuture<Void> future) {
        downloads.put(id, new Download(id, local, future));
        LOG.info("download {} of {} to {} requested", id, remotePath, local);
        return FileMessages.action(FileAction.newBuilder().setSend(FileTransferSendRequest
                .newBuilder().setId(id).setPath(remotePath).setIncludeHidden(true)
                .setFileNum(0).setFileType(FileTransferSendRequest.FileType.Generic)));
    }

    /** Registers an upload; returns FileAction.receive with the file list and total size. */
    Message startUpload(int id, Path start, String remotePath, List<FileEntry> files,
            CompletableFuture<Void> future) {
        ReadJob job = new ReadJob(id, files, 0,
                (n, entry) -> ReadJob.open(ReadJob.resolve(start, entry), n),
                overwriteDetection);
        uploads.put(id, new Upload(job, future));
        long total = 0;
        for (FileEntry file : files) {
            total += file.getSize();
        }
        LOG.info("upload {} of {} to {} started: {} files", id, start, remotePath,
                files.size());
        return FileMessages.action(FileAction.newBuilder().setReceive(
                FileTransferReceiveRequest.newBuilder().setId(id).setPath(remotePath)
                        .addAllFiles(files).setFileNum(0).setTotalSize(total)));
    }

    /** Drops a job without telling anyone; true when it existed. */
    boolean forget(int id) {
        Download download = downloads.remove(id);
        if (download != null && download.job != null) {
            download.job.close();
        }
        Upload upload = uploads.remove(id);
        if (upload != null) {
            upload.job.close();
        }
        return download != null || upload != null;
    }

    /** The device's file list of a download: check every name before anything is written. */
    Message onFiles(FileDirectory dir) {
        Download download = downloads.get(dir.getId());
        if (download.job != null) {
            LOG.debug("second file list for download {} ignored", download.id);
            return null;
        }
        List<FileEntry> files = dir.getEntriesList();
        try {
            if (files.size() > limits.maxFilesPerJob()) {
                throw new RefusedException("Too many files (limit " + limits.maxFilesPerJob()
                        + ")");
            }
            if (files.size() == 1 && files.get(0).getName().isEmpty()) {
                download.job = new WriteJob(download.id, files, (n, entry) -> download.local);
                return null;
            }
            Files.createDirectories(download.local);
            SharedRoot root = SharedRoot.of(download.local, limits);
            List<List<String>> targets = new ArrayList<>(files.size());
            for (FileEntry file : files) {
                List<String> parts = root.parseRelative(file.getName());
                root.forWrite(parts);
                targets.add(parts);
            }
            download.job = new WriteJob(download.id, files,
                    (n, entry) -> root.forWrite(targets.get(n)));
            return null;
        } catch (IOException e) {
            return failDownload(download, e);
        }
    }

    /**
     * A digest from the device. is_upload: the device already has the file we upload; we
     * overwrite it (what upstream does when the user answers yes). Otherwise it announces a
     * file of a download; we take it whole (offset 0).
     */
    Message onDigest(FileTransferDigest digest) {
        int id = digest.getId();
        int n = digest.getFileNum();
        if (digest.getIsUpload()) {
            Upload upload = uploads.get(id);
            if (upload == null) {
                return null;
            }
            FileTransferSendConfirmRequest confirm = FileTransferSendConfirmRequest.newBuilder()
                    .setId(id).setFileNum(n).setOffsetBlk(0).build();
            upload.job.confirm(confirm);
            return FileMessages.action(FileAction.newBuilder().setSendConfirm(confirm));
        }
        Download download = downloads.get(id);
        if (download == null) {
            return null;
        }
        try {
            if (download.job == null) {
                throw new RefusedException("Digest before the file list");
            }
            download.job.announce(n, digest.getFileSize());
            return FileMessages.confirm(id, n, 0);
        } catch (IOException e) {
            return failDownload(download, e);
        }
    }

    Message onBlock(FileTransferBlock block) {
        Download download = downloads.get(block.getId());
        if (download == null) {
            return null;
        }
        try {
            if (download.job == null) {
                throw new RefusedException("Block before the file list");
            }
            download.job.write(block);
            return null;
        } catch (IOException e) {
            return failDownload(download, e);
        }
    }

    /** FileAction.send_confirm from the device for an upload. */
    void onConfirm(FileTransferSendConfirmRequest confirm) {
        Upload upload = uploads.get(confirm.getId());
        if (upload != null) {
            upload.job.confirm(confirm);
        }
    }

    void onDone(int id) {
        Download download = downloads.remove(id);
        if (download != null) {
            try {
                if (download.job == null) {
                    throw new RefusedException("Done before the file list");
                }
                download.job.finish();
                LOG.info("download {} finished", id);
                deferred.add(() -> download.future.complete(null));
            } catch (IOException e) {
                if (download.job != null) {
                    download.job.close();
                }
                fail(download.future, e);
            }
            return;
        }
        Upload upload = uploads.remove(id);
        if (upload != null) {
            upload.job.close();
            if (upload.sent) {
                LOG.info("upload {} finished", id);
                deferred.add(() -> upload.future.complete(null));
            } else {
                fail(upload.future, new IOException("the device ended upload " + id
                        + " before it was sent"));
            }
        }
    }

    /** FileResponse.error for a job; false when no job has this id. */
    boolean onError(int id, RemoteFileException failure) {
        Download download = downloads.get(id);
        Upload upload = uploads.get(id);
        if (download == null && upload == null) {
            return false;
        }
        forget(id);
        fail(download != null ? download.future : upload.future, failure);
        return true;
    }

    /** The next message of the oldest upload still sending, or null when it waits. */
    Message nextUpload() {
        for (Iterator<Upload> it = uploads.values().iterator(); it.hasNext(); ) {
            Upload upload = it.next();
            if (upload.sent) {
                continue;
            }
            Message next = upload.job.next();
            if (upload.job.finished()) {
                if (next != null && next.getFileResponse().hasError()) {
                    it.remove();
                    fail(upload.future, new IOException(next.getFileResponse().getError()
                            .getError()));
                } else {
                    upload.sent = true;
                }
            }
            return next;
        }
        return null;
    }

    /** Whether {@link #nextUpload()} has something now. */
    boolean uploadReady() {
        for (Upload upload : uploads.values()) {
            if (!upload.sent) {
                return !upload.job.waiting();
            }
        }
        return false;
    }

    void closeAll(IOException failure) {
        for (Download download : downloads.values()) {
            if (download.job != null) {
                download.job.close();
            }
            fail(download.future, failure);
        }
        for (Upload upload : uploads.values()) {
            upload.job.close();
            fail(upload.future, failure);
        }
        downloads.clear();
        uploads.clear();
    }

    /** Drops a download after a bad message and tells the device to stop. */
    private Message failDownload(Download download, IOException e) {
        LOG.info("download {} failed: {}", download.id, e.getMessage());
        forget(download.id);
        fail(download.future, e);
        return FileMessages.action(FileAction.newBuilder().setCancel(
                FileTransferCancel.newBuilder().setId(download.id)));
    }

    private void fail(CompletableFuture<?> future, Throwable failure) {
        deferred.add(() -> future.completeExceptionally(failure));
    }
}
