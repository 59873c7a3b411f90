package io.jdesk.peer.internal.files;

import io.jdesk.peer.internal.Compression;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileTransferBlock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * The receiving half of a transfer job: checks each block from the peer and writes it
 * (upstream's write job, hbb_common {@code src/fs.rs} {@code TransferJob::write}).
 *
 * <p>Trust boundary: everything in a block is checked before use. The file number must be in
 * the job's list and may only move forward; a plain block holds at most
 * {@link FileLimits#BLOCK_SIZE} bytes, a compressed one at most
 * {@link FileLimits#MAX_COMPRESSED_BLOCK} bytes that decompress to at most BLOCK_SIZE; a file
 * never grows past the size announced for it (in the file list, or later in its digest). Any
 * violation throws and the owner drops the job.
 *
 * <p>A file is written as {@code <name>.download} and renamed over {@code <name>} when the next
 * file starts or the job is done (upstream's naming), then gets the announced mtime. Abort
 * deletes the partial file. Not thread-safe: its owner guards it.
 */
final class WriteJob implements AutoCloseable {

    /** Where file {@code fileNum} of the job goes; checks and confines the name. */
    @FunctionalInterface
    interface Target {
        Path resolve(int fileNum, FileEntry entry) throws IOException;
    }

    static final String DOWNLOAD_SUFFIX = ".download";

    private final int id;
    private final Target target;
    private List<FileEntry> files;
    private long[] allowed;
    private int fileNum = -1;
    private FileChannel out;
    private Path temp;
    private Path dest;
    private long written;

    WriteJob(int id, List<FileEntry> files, Target target) {
        this.id = id;
        this.target = target;
        if (files != null) {
            setFiles(files);
        }
    }

    int id() {
        return id;
    }

    boolean hasFiles() {
        return files != null;
    }

    List<FileEntry> files() {
        return files;
    }

    /** The job's file list (known at once for uploads, from the dir reply for downloads). */
    void setFiles(List<FileEntry> list) {
        files = List.copyOf(list);
        allowed = new long[files.size()];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = files.get(i).getSize();
        }
    }

    /** The local path of file {@code n}. */
    Path target(int n) throws IOException {
        requireFile(n);
        return target.resolve(n, files.get(n));
    }

    /** The sender's digest announced the size the file has now; it replaces the listed one. */
    void announce(int n, long size) throws IOException {
        requireFile(n);
        allowed[n] = size;
    }

    void write(FileTransferBlock block) throws IOException {
        int n = block.getFileNum();
        requireFile(n);
        if (n < fileNum) {
            throw new RefusedException("Block for file " + n + " after file " + fileNum);
        }
        byte[] data = payload(block);
        if (n != fileNum || out == null) {
            finishCurrent();
            open(n);
        }
        if (Long.compareUnsigned(written + data.length, allowed[n]) > 0) {
            throw new RefusedException("More data than announced for file " + n);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        written += data.length;
    }

    /** The sender is done: the last file is complete. */
    void finish() throws IOException {
        finishCurrent();
    }

    /** Drops the job: closes and deletes the partial file. */
    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            out = null;
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort; a stale .download is harmless
            }
        }
    }

    private static byte[] payload(FileTransferBlock block) throws IOException {
        int size = block.getData().size();
        if (!block.getCompressed()) {
            if (size > FileLimits.BLOCK_SIZE) {
                throw new RefusedException("Block too large: " + size + " bytes");
            }
            return block.getData().toByteArray();
        }
        if (size > FileLimits.MAX_COMPRESSED_BLOCK) {
            throw new RefusedException("Compressed block too large: " + size + " bytes");
        }
        try {
            return Compression.decompress(block.getData().toByteArray(), FileLimits.BLOCK_SIZE);
        } catch (IOException e) {
            throw new RefusedException("Bad compressed block: " + e.getMessage());
        }
    }

    private void requireFile(int n) throws RefusedException {
        if (files == null) {
            throw new RefusedException("No file list for job " + id + " yet");
        }
        if (n < 0 || n >= files.size()) {
            throw new RefusedException("Wrong file number " + n);
        }
    }

    private void open(int n) throws IOException {
        Path path = target.resolve(n, files.get(n));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("Is a directory: file " + n);
        }
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = path.resolveSibling(path.getFileName() + DOWNLOAD_SUFFIX);
        out = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        fileNum = n;
        dest = path;
        temp = partial;
        written = 0;
    }

    private void finishCurrent() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        out = null;
        try {
            Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        long modified = files.get(fileNum).getModifiedTime();
        if (modified > 0 && modified <= Instant.MAX.getEpochSecond()) {
            try {
                Files.setLastModifiedTime(dest, FileTime.from(Instant.ofEpochSecond(modified)));
            } catch (IOException ignored) {
                // a file system that refuses the time keeps the file anyway, as upstream
            }
        }
    }
}
