package io.jdesk.peer.internal.files;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileDirectory;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransferBlock;
import io.jdesk.protocol.proto.FileTransferDigest;
import io.jdesk.protocol.proto.FileTransferDone;
import io.jdesk.protocol.proto.FileTransferError;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.Message;
import java.util.List;

/**
 * The session messages of file transfer, built with the fields upstream sets (hbb_common
 * {@code src/fs.rs} {@code new_dir}, {@code new_block}, {@code new_error}, {@code new_done},
 * {@code new_send_confirm}, {@code send_current_digest}); unset fields stay at their defaults
 * and are not encoded. Stateless.
 */
final class FileMessages {

    private FileMessages() {}

    static Message response(FileResponse.Builder response) {
        return Message.newBuilder().setFileResponse(response).build();
    }

    static Message action(FileAction.Builder action) {
        return Message.newBuilder().setFileAction(action).build();
    }

    static Message dir(int id, String path, List<FileEntry> entries) {
        return response(FileResponse.newBuilder().setDir(FileDirectory.newBuilder()
                .setId(id).setPath(path).addAllEntries(entries)));
    }

    static Message block(int id, int fileNum, ByteString data, boolean compressed) {
        return response(FileResponse.newBuilder().setBlock(FileTransferBlock.newBuilder()
                .setId(id).setFileNum(fileNum).setData(data).setCompressed(compressed)));
    }

    static Message error(int id, String text, int fileNum) {
        return response(FileResponse.newBuilder().setError(FileTransferError.newBuilder()
                .setId(id).setError(text).setFileNum(fileNum)));
    }

    static Message done(int id, int fileNum) {
        return response(FileResponse.newBuilder().setDone(FileTransferDone.newBuilder()
                .setId(id).setFileNum(fileNum)));
    }

    /** The sender's digest of the file it is about to send (is_upload and the rest unset). */
    static Message digest(int id, int fileNum, long lastModified, long fileSize) {
        return response(FileResponse.newBuilder().setDigest(FileTransferDigest.newBuilder()
                .setId(id).setFileNum(fileNum).setLastModified(lastModified)
                .setFileSize(fileSize)));
    }

    /** Accept file {@code fileNum}, sending from byte {@code offset} (0 = whole file). */
    static Message confirm(int id, int fileNum, int offset) {
        return action(FileAction.newBuilder().setSendConfirm(FileTransferSendConfirmRequest
                .newBuilder().setId(id).setFileNum(fileNum).setOffsetBlk(offset)));
    }

    static Message skip(int id, int fileNum) {
        return action(FileAction.newBuilder().setSendConfirm(FileTransferSendConfirmRequest
                .newBuilder().setId(id).setFileNum(fileNum).setSkip(true)));
    }
}
