package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileTransferBlock;
import io.jdesk.protocol.proto.FileTransferDigest;
import io.jdesk.protocol.proto.FileTransferDone;
import io.jdesk.protocol.proto.FileTransferError;
import io.jdesk.protocol.proto.FileTransferReceiveRequest;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.FileTransferSendRequest;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's transfer jobs of one session: downloads (read jobs, sent in start order) and
 * uploads (write jobs), keyed by the controller's job id. Each method returns the reply to
 * send, or null. Not thread-safe: {@link FileService} guards it with its lock.
 */
final class ServiceJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceJobs.class);

    /** Longest error text from the controller echoed back. */
    private static final int MAX_ECHOED_ERROR = 1024;

    private final FileLimits limits;
    private final Map<Integer, ReadJob> reads = new LinkedHashMap<>();
    private final Map<Integer, WriteJob> writes = new HashMap<>();

    ServiceJobs(FileLimits limits) {
        this.limits = limits;
    }

    /** FileAction.send: list the files, register the job, answer with their FileDirectory. */
    Message startRead(FileTransferSendRequest request, SharedRoot root,
            boolean overwriteDetection) {
        int id = request.getId();
        Message refused = refuseNewJob(id);
        if (refused != null) {
            return refused;
        }
        if (request.getFileType() == FileTransferSendRequest.FileType.Printer) {
            // unknown types count as Generic, as upstream's JobType::from_proto
            return FileMessages.error(id, "Printer jobs are not supported", 0);
        }
        try {
            List<String> parts = root.parse(request.getPath());
            Path start = root.existing(parts);
            List<FileEntry> files = Listing.files(start, request.getIncludeHidden(), limits);
            if (request.getFileNum() < 0 || request.getFileNum() > files.size()) {
                throw new RefusedException("Wrong file number " + request.getFileNum());
            }
            reads.put(id, new ReadJob(id, files, request.getFileNum(),
                    (n, entry) -> openForRead(root, start, n, entry), overwriteDetection));
            LOG.info("download {} of {} started: {} files", id, SharedRoot.remote(parts),
                    files.size());
            return FileMessages.dir(id, SharedRoot.remote(parts), files);
        } catch (IOException e) {
            return FileMessages.error(id, RefusedException.describe(e), 0);
        }
    }

    /** FileAction.receive: check every name now, register the job; no reply on success. */
    Message startWrite(FileTransferReceiveRequest request, SharedRoot root,
            boolean allowWrite) {
        int id = request.getId();
        if (!allowWrite) {
            return FileMessages.error(id, FileService.NO_WRITE, request.getFileNum());
        }
        Message refused = refuseNewJob(id);
        if (refused != null) {
            return refused;
        }
        List<FileEntry> files = request.getFilesList();
        if (files.size() > limits.maxFilesPerJob()) {
            return FileMessages.error(id, "Too many files (limit " + limits.maxFilesPerJob()
                    + ")", -1);
        }
        try {
            List<List<String>> targets = targets(root, root.parse(request.getPath()), files);
            writes.put(id, new WriteJob(id, files, (n, entry) -> root.forWrite(targets.get(n))));
            LOG.info("upload {} to {} started: {} files", id, request.getPath(), files.size());
            return null;
        } catch (IOException e) {
            return FileMessages.error(id, RefusedException.describe(e), request.getFileNum());
        }
    }

    /** FileAction.send_confirm: for a download go on; an upload cannot resume at an offset. */
    Message confirm(FileTransferSendConfirmRequest request) {
        ReadJob read = reads.get(request.getId());
        if (read != null) {
            read.confirm(request);
            return null;
        }
        WriteJob write = writes.get(request.getId());
        if (write != null && request.getUnionCase()
                == FileTransferSendConfirmRequest.UnionCase.OFFSET_BLK
                && request.getOffsetBlk() != 0) {
            drop(write);
            return FileMessages.error(request.getId(), "Resuming an upload is not supported",
                    request.getFileNum());
        }
        return null;
    }

    /** FileAction.cancel: drop the job; a partial upload is deleted. No reply, as upstream. */
    void cancel(int id) {
        ReadJob read = reads.remove(id);
        if (read != null) {
            read.close();
        }
        WriteJob write = writes.remove(id);
        if (write != null) {
            write.close();
        }
        LOG.info("job {} cancelled by the controller", id);
    }

    /**
     * The controller's digest of a file it is about to upload: no file here, confirm at once;
     * a file here, answer with its digest (is_upload) and let the controller decide.
     */
    Message onDigest(FileTransferDigest digest) {
        WriteJob job = writes.get(digest.getId());
        if (job == null) {
            return null;
        }
        int n = digest.getFileNum();
        try {
            job.announce(n, digest.getFileSize());
            BasicFileAttributes local = attributes(job.target(n));
            if (local == null || local.isSymbolicLink()) {
                return FileMessages.confirm(job.id(), n, 0);
            }
            if (!local.isRegularFile()) {
                throw new RefusedException("Not a regular file: file " + n);
            }
            long modified = Math.max(0, local.lastModifiedTime().toInstant().getEpochSecond());
            boolean identical = modified == digest.getLastModified()
                    && local.size() == digest.getFileSize();
            return FileMessages.response(io.jdesk.protocol.proto.FileResponse.newBuilder()
                    .setDigest(FileTransferDigest.newBuilder().setId(job.id()).setFileNum(n)
                            .setLastModified(modified).setFileSize(local.size())
                            .setIsUpload(true).setIsIdentical(identical)));
        } catch (IOException e) {
            drop(job);
            return FileMessages.error(job.id(), RefusedException.describe(e), n);
        }
    }

    Message onBlock(FileTransferBlock block) {
        WriteJob job = writes.get(block.getId());
        if (job == null) {
            LOG.debug("block for unknown job {} ignored", block.getId());
            return null;
        }
        try {
            job.write(block);
            return null;
        } catch (IOException e) {
            drop(job);
            LOG.info("upload {} failed: {}", job.id(), RefusedException.describe(e));
            return FileMessages.error(job.id(), RefusedException.describe(e),
                    block.getFileNum());
        }
    }

    /** The controller sent everything: finish the last file and say done (upstream echoes). */
    Message onDone(FileTransferDone done) {
        WriteJob job = writes.remove(done.getId());
        if (job == null) {
            return null;
        }
        try {
            job.finish();
            LOG.info("upload {} finished", job.id());
            return FileMessages.done(job.id(), done.getFileNum());
        } catch (IOException e) {
            job.close();
            return FileMessages.error(job.id(), RefusedException.describe(e),
                    done.getFileNum());
        }
    }

    /** The controller gave up on its upload: drop it and echo the error, as upstream does. */
    Message onError(FileTransferError error) {
        WriteJob job = writes.remove(error.getId());
        if (job == null) {
            return null;
        }
        job.close();
        String text = error.getError();
        if (text.length() > MAX_ECHOED_ERROR) {
            text = text.substring(0, MAX_ECHOED_ERROR);
        }
        LOG.info("upload {} failed on the controller: {}", job.id(), text);
        return FileMessages.error(job.id(), text, error.getFileNum());
    }

    /** The next message of the oldest download, or null when there is none or it waits. */
    Message nextRead() {
        Iterator<ReadJob> it = reads.values().iterator();
        if (!it.hasNext()) {
            return null;
        }
        ReadJob job = it.next();
        Message next = job.next();
        if (job.finished()) {
            it.remove();
            job.close();
            LOG.info("download {} finished", job.id());
        }
        return next;
    }

    /** Whether the oldest download can send now. */
    boolean readReady() {
        Iterator<ReadJob> it = reads.values().iterator();
        return it.hasNext() && !it.next().waiting();
    }

    void closeAll() {
        reads.values().forEach(ReadJob::close);
        writes.values().forEach(WriteJob::close);
        reads.clear();
        writes.clear();
    }

    private Message refuseNewJob(int id) {
        if (id <= 0) {
            return FileMessages.error(id, "Invalid job id " + id, 0);
        }
        if (reads.containsKey(id) || writes.containsKey(id)) {
            return FileMessages.error(id, "Job id " + id + " is already in use", 0);
        }
        if (reads.size() + writes.size() >= limits.maxJobs()) {
            return FileMessages.error(id, "Too many transfer jobs (limit " + limits.maxJobs()
                    + ")", 0);
        }
        return null;
    }

    private void drop(WriteJob job) {
        writes.remove(job.id());
        job.close();
    }

    /**
     * The remote path of every file of an upload, checked before anything is written: a lone
     * file with an empty name is the job's path itself (upstream's single-file form), other
     * names are relative to it.
     */
    private List<List<String>> targets(SharedRoot root, List<String> base,
            List<FileEntry> files) throws IOException {
        List<List<String>> targets = new ArrayList<>(files.size());
        boolean single = files.size() == 1 && files.get(0).getName().isEmpty();
        for (FileEntry file : files) {
            List<String> target = new ArrayList<>(base);
            if (!single) {
                target.addAll(root.parseRelative(file.getName()));
            }
            if (target.size() > limits.maxDepth()) {
                throw new RefusedException("Path too deep");
            }
            root.forWrite(target);
            targets.add(List.copyOf(target));
        }
        return targets;
    }

    private static ReadJob.Opened openForRead(SharedRoot root, Path start, int n,
            FileEntry entry) throws IOException {
        Path file = ReadJob.resolve(start, entry);
        root.requireInside(file.toRealPath());
        return ReadJob.open(file, n);
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
