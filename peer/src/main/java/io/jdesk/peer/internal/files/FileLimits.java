package io.jdesk.peer.internal.files;

/**
 * Bounds on everything a peer can make the file-transfer code hold or do (design.md hard rule
 * 2). One instance per {@link FileService} or {@link FileClient}; immutable.
 *
 * @param maxJobs transfer jobs (downloads and uploads together) open at once per session
 * @param maxFilesPerJob files in one job's list, and in one recursive listing; upstream's
 *     default when its {@code file-transfer-max-files} option is "0" is 10,000
 *     (rustdesk {@code src/ui_cm_interface.rs}, {@code DEFAULT_MAX_VALIDATED_FILES})
 * @param maxListingEntries entries in one directory listing, and entries visited by one
 *     recursive walk
 * @param maxPathLength characters in a path or file name received from the peer
 * @param maxDepth path components in a path received from the peer, and depth of a walk
 * @param maxPendingRequests requests (listings, create, remove, rename) a {@link FileClient}
 *     waits on at once
 */
public record FileLimits(int maxJobs, int maxFilesPerJob, int maxListingEntries,
        int maxPathLength, int maxDepth, int maxPendingRequests) {

    /**
     * Largest block payload before compression: 128 KiB, hbb_common {@code src/fs.rs}
     * {@code TransferJob::read} ({@code BUF_SIZE}). Senders never exceed it.
     */
    public static final int BLOCK_SIZE = 128 * 1024;

    /**
     * Largest compressed block payload accepted on the wire: {@link #BLOCK_SIZE} plus 1 KiB,
     * which covers zstd's worst-case expansion of 128 KiB (ZSTD_COMPRESSBOUND adds 512 bytes).
     * Upstream only sends a compressed block when it is smaller than the input.
     */
    public static final int MAX_COMPRESSED_BLOCK = BLOCK_SIZE + 1024;

    /** Defaults: 8 jobs, 10,000 files per job, 100,000 entries, 4096 chars, 64 levels, 64. */
    public static final FileLimits DEFAULT = new FileLimits(8, 10_000, 100_000, 4096, 64, 64);

    public FileLimits {
        require("maxJobs", maxJobs);
        require("maxFilesPerJob", maxFilesPerJob);
        require("maxListingEntries", maxListingEntries);
        require("maxPathLength", maxPathLength);
        require("maxDepth", maxDepth);
        require("maxPendingRequests", maxPendingRequests);
    }

    private static void require(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1; got " + value);
        }
    }
}
