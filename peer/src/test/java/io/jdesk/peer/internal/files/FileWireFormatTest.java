package io.jdesk.peer.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes we send, field by field, against what upstream builds for the same step
 * (hbb_common {@code src/fs.rs}: {@code new_dir}, {@code send_current_digest},
 * {@code TransferJob::read}, {@code new_done}, {@code new_send}, {@code new_send_confirm},
 * {@code new_receive}). Proto3: fields at their default are not written, oneof members are.
 *
 * <pre>
 * Message.file_action   = field 17, LEN: tag 8a 01
 * Message.file_response = field 18, LEN: tag 92 01
 * 1700000000 as a varint = 80 e2 cf aa 06
 * </pre>
 */
class FileWireFormatTest {

    private static final long MTIME = 1_700_000_000L;

    @TempDir
    Path root;

    @TempDir
    Path local;

    @Test
    void deviceSideOfADownloadMatchesUpstreamByteForByte() throws Exception {
        Path file = root.resolve("abc.txt");
        Files.writeString(file, "abc", StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(MTIME)));
        Wire wire = new Wire(root, false);

        wire.deliverToDevice(FileRefusalTest.send(3, "/abc.txt"));
        wire.device.pump();
        assertThat(wire.device.pump()).as("waits for the confirm").isFalse();
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setSendConfirm(FileTransferSendConfirmRequest.newBuilder().setId(3)
                        .setOffsetBlk(0))).build());
        while (wire.device.pump()) {
            // block, empty block, done
        }

        List<String> sent = hex(wire.fromDevice);
        assertThat(sent).containsExactly(h(
                // FileResponse.dir(1) FileDirectory{id(1)=3, path(2)="/abc.txt",
                //   entries(3)=[FileEntry{entry_type(1)=File 4, name(2)="" (omitted),
                //   is_hidden(3)=false (omitted), size(4)=3, modified_time(5)=1700000000}]}
                "92 01 1a  0a 18  08 03  12 08 2f 61 62 63 2e 74 78 74"
                        + "  1a 0a 08 04 20 03 28 80 e2 cf aa 06",
                // FileResponse.digest(5) FileTransferDigest{id(1)=3, file_num(2)=0 (omitted),
                //   last_modified(3)=1700000000, file_size(4)=3, is_upload/is_identical/
                //   transferred_size/is_resume unset}
                "92 01 0c  2a 0a  08 03  18 80 e2 cf aa 06  20 03",
                // FileResponse.block(2) FileTransferBlock{id(1)=3, file_num(2)=0 (omitted),
                //   data(3)="abc", compressed(4)=false (zstd would be longer), blk_id unset}
                "92 01 09  12 07  08 03  1a 03 61 62 63",
                // the end-of-file block: no data
                "92 01 04  12 02  08 03",
                // FileResponse.done(4) FileTransferDone{id(1)=3, file_num(2)=1 (sint32
                //   zigzag 02): the job's file_num after the last file}
                "92 01 06  22 04  08 03  10 02"));
    }

    @Test
    void controllerSideRequestsMatchUpstreamByteForByte() throws Exception {
        Path up = local.resolve("up.txt");
        Files.writeString(up, "hi", StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(up, FileTime.from(Instant.ofEpochSecond(MTIME)));
        List<Message> sent = new ArrayList<>();
        FileClient client = new FileClient(sent::add);

        client.download("/abc.txt", local.resolve("abc.txt"));
        client.onResponse(Wire.reparse(Message.newBuilder().setFileResponse(
                io.jdesk.protocol.proto.FileResponse.newBuilder().setDir(
                        io.jdesk.protocol.proto.FileDirectory.newBuilder().setId(1)
                                .addEntries(FileRefusalTest.file("", 3)))).build())
                .getFileResponse());
        client.onResponse(io.jdesk.protocol.proto.FileResponse.newBuilder().setDigest(
                io.jdesk.protocol.proto.FileTransferDigest.newBuilder().setId(1)
                        .setLastModified(MTIME).setFileSize(3)).build());
        client.upload(up, "/up.txt");
        client.pump();

        assertThat(hex(sent)).containsExactly(h(
                // FileAction.send(2) FileTransferSendRequest{id(1)=1, path(2)="/abc.txt",
                //   include_hidden(3)=true, file_num(4)=0 (omitted), file_type(5)=Generic 0
                //   (omitted)}
                "8a 01 10  12 0e  08 01  12 08 2f 61 62 63 2e 74 78 74  18 01",
                // FileAction.send_confirm(9) FileTransferSendConfirmRequest{id(1)=1,
                //   file_num(2)=0 (omitted), offset_blk(4)=0: a oneof member, so written}
                "8a 01 06  4a 04  08 01  20 00",
                // FileAction.receive(3) FileTransferReceiveRequest{id(1)=2, path(2)="/up.txt",
                //   files(3)=[FileEntry{File 4, name "" (omitted), size 2, mtime}],
                //   file_num(4)=0 (omitted), total_size(5)=2}
                "8a 01 1b  1a 19  08 02  12 07 2f 75 70 2e 74 78 74"
                        + "  1a 0a 08 04 20 02 28 80 e2 cf aa 06  28 02",
                // the controller's digest of the file it uploads, as the device's above
                "92 01 0c  2a 0a  08 02  18 80 e2 cf aa 06  20 02"));
    }

    private static List<String> hex(List<Message> messages) {
        return messages.stream().map(m -> HexFormat.ofDelimiter(" ")
                .formatHex(m.toByteArray())).toList();
    }

    /** Expected bytes as grouped hex ("92 01 04  12 02"): groups are for reading only. */
    private static String[] h(String... groups) {
        return java.util.Arrays.stream(groups).map(g -> g.trim().replaceAll("\\s+", " "))
                .toArray(String[]::new);
    }
}
