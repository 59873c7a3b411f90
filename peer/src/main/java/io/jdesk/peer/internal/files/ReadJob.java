package io.jdesk.peer.internal.files;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.jdesk.peer.internal.Compression;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The sending half of a transfer job: reads the job's files one after another and turns them
 * into messages, one per {@link #next()} call (upstream's read job, hbb_common {@code src/fs.rs}
 * {@code TransferJob::read} and {@code handle_read_jobs}).
 *
 * <p>Per file, with overwrite detection: a digest, then nothing until the peer confirms (skip,
 * or offset), then blocks. Without it: blocks straight away. Blocks carry up to
 * {@link FileLimits#BLOCK_SIZE} bytes, zstd-compressed when the name is
 * {@link Compression#worthCompressing worth it} and the frame is smaller; every file ends
 * with an empty block (upstream's end-of-file marker, which also creates empty files). After
 * the last file: done, or for a skipped single-file job the error "skipped", as upstream.
 * A file is read up to the size it had when opened (the size its digest announced).
 *
 * <p>Not thread-safe: its owner guards it.
 */
final class ReadJob implements AutoCloseable {

    /** Opens file {@code fileNum} of the job. */
    @FunctionalInterface
    interface Source {
        Opened open(int fileNum, FileEntry entry) throws IOException;
    }

    /** An open file: its channel, size and mtime (seconds) at opening, and its file name. */
    record Opened(SeekableByteChannel channel, long size, long modified, String name) {}

    /** File {@code entry} of a job that sends {@code start} (itself for a lone file). */
    static Path resolve(Path start, FileEntry entry) {
        Path file = start;
        for (String part : entry.getName().split("/")) {
            if (!part.isEmpty()) {
                file = file.resolve(part);
            }
        }
        return file;
    }

    /** Opens a regular file for reading, not through a link. */
    static Opened open(Path file, int n) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new RefusedException("Not a regular file: file " + n);
        }
        SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS);
        long modified = Math.max(0, attrs.lastModifiedTime().toInstant().getEpochSecond());
        return new Opened(channel, attrs.size(), modified, file.getFileName().toString());
    }

    private final int id;
    private final List<FileEntry> files;
    private final Source source;
    private final boolean overwriteDetection;
    private final ByteBuffer buffer = ByteBuffer.allocate(FileLimits.BLOCK_SIZE);
    private int fileNum;
    private Opened current;
    private long remaining;
    private long pendingOffset;
    private boolean confirmed;
    private boolean waiting;
    private boolean skipped;
    private boolean finished;

    ReadJob(int id, List<FileEntry> files, int startFile, Source source,
            boolean overwriteDetection) {
        this.id = id;
        this.files = List.copyOf(files);
        this.fileNum = startFile;
        this.source = source;
        this.overwriteDetection = overwriteDetection;
    }

    int id() {
        return id;
    }

    List<FileEntry> files() {
        return files;
    }

    boolean finished() {
        return finished;
    }

    /** True while a digest is out and the peer's confirm has not come. */
    boolean waiting() {
        return waiting && !confirmed;
    }

    /** The next message of the job, or null while it waits for the peer's confirm. */
    Message next() {
        if (finished) {
            return null;
        }
        if (current == null) {
            if (fileNum >= files.size()) {
                finished = true;
                return files.size() == 1 && skipped ? FileMessages.error(id, "skipped", fileNum)
                        : FileMessages.done(id, fileNum);
            }
            try {
                open();
            } catch (IOException e) {
                return fail(e);
            }
        }
        if (overwriteDetection && !confirmed) {
            if (waiting) {
                return null;
            }
            waiting = true;
            return FileMessages.digest(id, fileNum, current.modified(), current.size());
        }
        try {
            return readBlock();
        } catch (IOException e) {
            return fail(e);
        }
    }

    /**
     * The peer's answer to a digest. A confirm for another file than the current one is
     * ignored (upstream does the same). Returns whether the job can go on now.
     */
    boolean confirm(FileTransferSendConfirmRequest request) {
        if (finished || request.getFileNum() != fileNum) {
            return false;
        }
        switch (request.getUnionCase()) {
            case SKIP -> {
                if (request.getSkip()) {
                    closeCurrent();
                    fileNum++;
                    skipped = true;
                } else {
                    confirmed = true;
                    skipped = false;
                }
            }
            case OFFSET_BLK -> {
                confirmed = true;
                skipped = false;
                // a byte offset despite the name (upstream seeks to it as bytes), unsigned u32
                pendingOffset = Integer.toUnsignedLong(request.getOffsetBlk());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void open() throws IOException {
        current = source.open(fileNum, files.get(fileNum));
        remaining = current.size();
        confirmed = false;
        waiting = false;
        pendingOffset = 0;
    }

    private Message readBlock() throws IOException {
        if (pendingOffset > 0) {
            long offset = Math.min(pendingOffset, current.size());
            current.channel().position(offset);
            remaining = current.size() - offset;
            pendingOffset = 0;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), remaining));
        while (buffer.hasRemaining()) {
            if (current.channel().read(buffer) < 0) {
                break;
            }
        }
        int n = buffer.position();
        if (n == 0) {
            Message end = FileMessages.block(id, fileNum, ByteString.EMPTY, false);
            closeCurrent();
            fileNum++;
            return end;
        }
        remaining -= n;
        byte[] data = new byte[n];
        buffer.flip().get(data);
        if (Compression.worthCompressing(current.name())) {
            byte[] packed = Compression.compress(data);
            if (packed.length < n) {
                return FileMessages.block(id, fileNum, UnsafeByteOperations.unsafeWrap(packed),
                        true);
            }
        }
        return FileMessages.block(id, fileNum, UnsafeByteOperations.unsafeWrap(data), false);
    }

    /** Any error ends the job: upstream's receiver drops a job on the first error. */
    private Message fail(IOException e) {
        int failed = fileNum;
        close();
        return FileMessages.error(id, RefusedException.describe(e), failed);
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.channel().close();
            } catch (IOException ignored) {
                // reading is over; nothing to flush
            }
            current = null;
        }
        confirmed = false;
        waiting = false;
        pendingOffset = 0;
    }

    @Override
    public void close() {
        closeCurrent();
        finished = true;
    }
}
