package io.jdesk.peer.internal.files;

import static io.jdesk.peer.internal.files.FileRefusalTest.block;
import static io.jdesk.peer.internal.files.FileRefusalTest.file;
import static io.jdesk.peer.internal.files.FileRefusalTest.receive;
import static io.jdesk.peer.internal.files.FileTransferTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileDirectory;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransferDigest;
import io.jdesk.protocol.proto.FileTransferError;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.FileTransferSendRequest;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.ReadAllFiles;
import io.jdesk.protocol.proto.ReadEmptyDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device side driven message by message, playing the controller by hand. */
class FileServiceTest {

    @TempDir
    Path root;

    @Test
    void confirmWithAnOffsetResumesThere() throws Exception {
        byte[] data = FileTransferTest.random(300_000, 21);
        Files.write(root.resolve("r.bin"), data);
        Wire wire = new Wire(root, false);
        wire.deliverToDevice(sendAction(5, "/r.bin", 0));
        wire.device.pump();
        wire.deliverToDevice(confirm(5, 0, FileTransferSendConfirmRequest.newBuilder()
                .setOffsetBlk(200_000)));
        while (wire.device.pump()) {
            // blocks of the rest
        }
        List<Message> sent = wire.takeForController();
        assertThat(sent.get(1).getFileResponse().getDigest().getFileSize()).isEqualTo(300_000);
        List<byte[]> blocks = sent.stream().filter(m -> m.getFileResponse().hasBlock())
                .map(m -> m.getFileResponse().getBlock().getData().toByteArray()).toList();
        assertThat(blocks.get(0)).isEqualTo(java.util.Arrays.copyOfRange(data, 200_000,
                300_000));
        assertThat(blocks.get(1)).isEmpty();
    }

    @Test
    void skippingTheOnlyFileEndsWithSkippedAndSkippingOneOfManyGoesOn() throws Exception {
        write(root.resolve("one.txt"), "1");
        Files.createDirectories(root.resolve("many"));
        write(root.resolve("many/a"), "a");
        write(root.resolve("many/b"), "b");
        Wire wire = new Wire(root, false);

        wire.deliverToDevice(sendAction(6, "/one.txt", 0));
        wire.device.pump();
        wire.deliverToDevice(confirm(6, 0, FileTransferSendConfirmRequest.newBuilder()
                .setSkip(true)));
        wire.device.pump();
        List<Message> single = wire.takeForController();
        assertThat(single.get(2).getFileResponse().getError().getError()).isEqualTo("skipped");

        wire.deliverToDevice(sendAction(7, "/many", 0));
        wire.device.pump();
        wire.deliverToDevice(confirm(7, 0, FileTransferSendConfirmRequest.newBuilder()
                .setSkip(true)));
        wire.device.pump();
        // a confirm for a file that is not the current one is ignored, as upstream
        wire.deliverToDevice(confirm(7, 0, FileTransferSendConfirmRequest.newBuilder()
                .setOffsetBlk(0)));
        assertThat(wire.device.hasWork()).isFalse();
        wire.deliverToDevice(confirm(7, 1, FileTransferSendConfirmRequest.newBuilder()
                .setOffsetBlk(0)));
        while (wire.device.pump()) {
            // file b
        }
        List<Message> many = wire.takeForController();
        assertThat(many).extracting(FileTransferTest::kind).containsExactly(
                FileResponse.UnionCase.DIR, FileResponse.UnionCase.DIGEST,
                FileResponse.UnionCase.DIGEST, FileResponse.UnionCase.BLOCK,
                FileResponse.UnionCase.BLOCK, FileResponse.UnionCase.DONE);
        assertThat(many.get(3).getFileResponse().getBlock().getData().toStringUtf8())
                .isEqualTo("b");
        assertThat(many.get(5).getFileResponse().getDone().getFileNum()).isEqualTo(2);
    }

    @Test
    void startFileNumberResumesAJobLater() throws Exception {
        Files.createDirectories(root.resolve("many"));
        write(root.resolve("many/a"), "a");
        write(root.resolve("many/b"), "b");
        Wire wire = new Wire(root, false);
        wire.device.setOverwriteDetection(false);
        wire.deliverToDevice(sendAction(8, "/many", 1));
        while (wire.device.pump()) {
            // file b only
        }
        List<Message> sent = wire.takeForController();
        assertThat(sent).extracting(FileTransferTest::kind).containsExactly(
                FileResponse.UnionCase.DIR, FileResponse.UnionCase.BLOCK,
                FileResponse.UnionCase.BLOCK, FileResponse.UnionCase.DONE);
        assertThat(sent.get(1).getFileResponse().getBlock().getFileNum()).isEqualTo(1);
    }

    @Test
    void allFilesAndEmptyDirsListRecursively() throws Exception {
        Files.createDirectories(root.resolve("t/empty"));
        Files.createDirectories(root.resolve("t/full/deeper-empty"));
        write(root.resolve("t/full/f.txt"), "f");
        write(root.resolve("t/x.txt"), "xx");
        Wire wire = new Wire(root, false);

        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setAllFiles(ReadAllFiles.newBuilder().setId(9).setPath("/t"))).build());
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setReadEmptyDirs(ReadEmptyDirs.newBuilder().setPath("/t"))).build());
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setAllFiles(ReadAllFiles.newBuilder().setId(10).setPath("/nope"))).build());
        List<Message> sent = wire.takeForController();

        FileDirectory all = sent.get(0).getFileResponse().getDir();
        assertThat(all.getId()).isEqualTo(9);
        assertThat(all.getPath()).isEqualTo("/t");
        assertThat(all.getEntriesList()).extracting(FileEntry::getName, FileEntry::getSize)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x.txt", 2L),
                        org.assertj.core.groups.Tuple.tuple("full/f.txt", 1L));
        assertThat(sent.get(1).getFileResponse().getEmptyDirs().getPath()).isEqualTo("/t");
        assertThat(sent.get(1).getFileResponse().getEmptyDirs().getEmptyDirsList())
                .extracting(FileDirectory::getPath)
                .containsExactlyInAnyOrder("/t/empty", "/t/full/deeper-empty");
        FileTransferError error = sent.get(2).getFileResponse().getError();
        assertThat(error.getId()).isEqualTo(10);
        assertThat(error.getFileNum()).isEqualTo(-1);
    }

    @Test
    void initialListingFallsBackToTheShare() throws Exception {
        Files.createDirectories(root.resolve("start"));
        Wire wire = new Wire(root, false);
        wire.device.sendInitialListing("/start", false);
        wire.device.sendInitialListing("/missing", false);
        wire.device.sendInitialListing("/../..", false);
        wire.device.sendInitialListing("", false);
        assertThat(wire.takeForController()).extracting(
                m -> m.getFileResponse().getDir().getPath())
                .containsExactly("/start", "/", "/", "/");
    }

    @Test
    void uploadsCannotResumeAndControllerErrorsAreEchoed() throws Exception {
        Wire wire = new Wire(root, true);
        wire.deliverToDevice(receive(51, "/u.bin", List.of(file("", 100))));
        wire.deliverToDevice(confirm(51, 0, FileTransferSendConfirmRequest.newBuilder()
                .setOffsetBlk(50)));
        wire.deliverToDevice(receive(52, "/v.bin", List.of(file("", 100))));
        wire.deliverToDevice(block(52, 0, new byte[10], false));
        wire.deliverToDevice(Message.newBuilder().setFileResponse(FileResponse.newBuilder()
                .setError(FileTransferError.newBuilder().setId(52).setFileNum(0)
                        .setError("read failed"))).build());
        assertThat(wire.takeForController()).extracting(
                m -> m.getFileResponse().getError().getError())
                .containsExactly("Resuming an upload is not supported", "read failed");
        assertThat(root.resolve("v.bin.download")).doesNotExist();
    }

    @Test
    void aDigestForAnExistingFileIsAnsweredWithOursAndAMissingOneConfirmed()
            throws Exception {
        write(root.resolve("has.txt"), "12345");
        Wire wire = new Wire(root, true);
        wire.deliverToDevice(receive(61, "/in", List.of(file("has.txt", 3), file("new", 3))));
        wire.deliverToDevice(receive(62, "/has.txt", List.of(file("", 5))));
        wire.deliverToDevice(digest(61, 0, 3));
        wire.deliverToDevice(digest(62, 0, 5));
        wire.deliverToDevice(digest(61, 1, 3));
        List<Message> sent = wire.takeForController();
        assertThat(sent.get(0).getFileAction().getSendConfirm().getOffsetBlk()).isZero();
        FileTransferDigest ours = sent.get(1).getFileResponse().getDigest();
        assertThat(ours.getIsUpload()).isTrue();
        assertThat(ours.getFileSize()).isEqualTo(5);
        assertThat(ours.getIsIdentical()).isFalse();
        assertThat(sent.get(2).getFileAction().getSendConfirm().getFileNum()).isEqualTo(1);
    }

    @Test
    void closeDeletesPartialUploadsAndIgnoresTheRest() throws Exception {
        Wire wire = new Wire(root, true);
        wire.deliverToDevice(receive(71, "/p.bin", List.of(file("", 100))));
        wire.deliverToDevice(block(71, 0, new byte[10], false));
        assertThat(root.resolve("p.bin.download")).exists();
        wire.device.close();
        wire.deliverToDevice(block(71, 0, new byte[10], false));
        wire.deliverToDevice(FileRefusalTest.readDir("/"));
        assertThat(root.resolve("p.bin.download")).doesNotExist();
        assertThat(wire.takeForController()).isEmpty();
        assertThat(wire.device.pump()).isFalse();
    }

    @Test
    void removeDirNeedsAnEmptyDirectory() throws Exception {
        Files.createDirectories(root.resolve("d/sub"));
        write(root.resolve("d/sub/keep.txt"), "k");
        Files.createSymbolicLink(root.resolve("d/link"), root.resolve("d/sub"));
        Wire wire = new Wire(root, true);
        var plain = wire.controller.removeDir("/d", false);
        var recursive = wire.controller.removeDir("/d", true);
        var shared = wire.controller.removeDir("/", true);
        wire.run();
        FileRefusalTest.assertRemoteError(plain, "Directory not empty");
        FileRefusalTest.assertRemoteError(recursive, "Directory not empty");
        FileRefusalTest.assertRemoteError(shared, "shared folder itself");
        // the recursive pass removed the link and left the file
        assertThat(root.resolve("d/link")).doesNotExist();
        assertThat(root.resolve("d/sub/keep.txt")).hasContent("k");
    }

    private static Message sendAction(int id, String path, int fileNum) {
        return Message.newBuilder().setFileAction(FileAction.newBuilder().setSend(
                FileTransferSendRequest.newBuilder().setId(id).setPath(path)
                        .setFileNum(fileNum))).build();
    }

    private static Message confirm(int id, int fileNum,
            FileTransferSendConfirmRequest.Builder union) {
        return Message.newBuilder().setFileAction(FileAction.newBuilder().setSendConfirm(
                union.setId(id).setFileNum(fileNum))).build();
    }

    private static Message digest(int id, int fileNum, long size) {
        return Message.newBuilder().setFileResponse(FileResponse.newBuilder().setDigest(
                FileTransferDigest.newBuilder().setId(id).setFileNum(fileNum)
                        .setFileSize(size).setLastModified(1))).build();
    }
}
