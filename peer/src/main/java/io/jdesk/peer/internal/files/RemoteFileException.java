package io.jdesk.peer.internal.files;

import java.io.IOException;

/** The other peer answered a file request or job with FileResponse.error. */
public final class RemoteFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int jobId;
    private final int fileNum;

    public RemoteFileException(int jobId, int fileNum, String message) {
        super(message);
        this.jobId = jobId;
        this.fileNum = fileNum;
    }

    /** The job or request id the error names (0 for listings). */
    public int jobId() {
        return jobId;
    }

    /** The file of the job it concerns, as the peer numbered it (may be -1 or 0). */
    public int fileNum() {
        return fileNum;
    }
}
