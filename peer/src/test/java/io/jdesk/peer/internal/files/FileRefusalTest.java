package io.jdesk.peer.internal.files;

import static io.jdesk.peer.internal.files.FileTransferTest.get;
import static io.jdesk.peer.internal.files.FileTransferTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jdesk.peer.internal.Compression;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransferBlock;
import io.jdesk.protocol.proto.FileTransferDone;
import io.jdesk.protocol.proto.FileTransferError;
import io.jdesk.protocol.proto.FileTransferReceiveRequest;
import io.jdesk.protocol.proto.FileTransferSendConfirmRequest;
import io.jdesk.protocol.proto.FileTransferSendRequest;
import io.jdesk.protocol.proto.FileType;
import io.jdesk.protocol.proto.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the device and the controller refuse, and that a refusal changes nothing. */
class FileRefusalTest {

    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private Path local;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(base.resolve("share"));
        outside = Files.createDirectories(base.resolve("outside"));
        local = Files.createDirectories(base.resolve("local"));
        write(outside.resolve("secret.txt"), "secret");
        write(root.resolve("a.txt"), "a");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("secret-link"), outside.resolve("secret.txt"));
        write(local.resolve("up.txt"), "upload");
    }

    @Test
    void dotDotCannotLeaveTheShare() throws Exception {
        Wire wire = new Wire(root, true);
        List<CompletableFuture<?>> refused = List.of(
                wire.controller.list("/.."),
                wire.controller.list("../outside"),
                wire.controller.list("/a/../../outside"),
                wire.controller.download("/../outside/secret.txt", local.resolve("s")),
                wire.controller.upload(local.resolve("up.txt"), "/../outside/up.txt"),
                wire.controller.createDir("/../outside/new"),
                wire.controller.removeFile("/../outside/secret.txt"),
                wire.controller.rename("/../outside/secret.txt", "x"));
        wire.run();

        for (CompletableFuture<?> future : refused) {
            assertRemoteError(future, SharedRoot.OUTSIDE);
        }
        assertOutsideUntouched();
        assertThat(local.resolve("s")).doesNotExist();
        // normalisation inside the share is fine
        CompletableFuture<List<RemoteEntry>> ok = wire.controller.list("/escape/../.");
        wire.run();
        assertThat(FileTransferTest.names(get(ok))).contains("a.txt");
    }

    @Test
    void absoluteHostPathsAreReadInsideTheShare() throws Exception {
        Wire wire = new Wire(root, true);
        String hostPath = outside.resolve("secret.txt").toString();
        CompletableFuture<Void> download = wire.controller.download(hostPath, local.resolve("s"));
        CompletableFuture<List<RemoteEntry>> listing = wire.controller.list(outside.toString());
        wire.run();

        assertRemoteError(download, "No such file or directory");
        assertRemoteError(listing, "No such file or directory");
        assertThat(local.resolve("s")).doesNotExist();
        // no reply names where the share lives on the device
        assertThat(wire.fromDevice).allSatisfy(m -> assertThat(m.toString())
                .doesNotContain(root.toString()));
    }

    @Test
    void symbolicLinksCannotLeaveTheShare() throws Exception {
        Wire wire = new Wire(root, true);
        List<CompletableFuture<?>> refused = List.of(
                wire.controller.list("/escape"),
                wire.controller.download("/escape/secret.txt", local.resolve("s1")),
                wire.controller.download("/secret-link", local.resolve("s2")),
                wire.controller.upload(local.resolve("up.txt"), "/escape/up.txt"),
                wire.controller.createDir("/escape/new"),
                wire.controller.rename("/escape/secret.txt", "renamed.txt"),
                wire.controller.removeFile("/escape/secret.txt"));
        wire.run();

        for (CompletableFuture<?> future : refused) {
            assertRemoteError(future, SharedRoot.OUTSIDE);
        }
        // a whole-share download skips links instead of following them
        CompletableFuture<Void> all = wire.controller.download("/", local.resolve("all"));
        wire.run();
        get(all);
        assertThat(local.resolve("all/a.txt")).hasContent("a");
        assertThat(local.resolve("all/escape")).doesNotExist();
        assertThat(local.resolve("all/secret-link")).doesNotExist();
        // removing the link removes the link, not its target
        CompletableFuture<Void> unlink = wire.controller.removeFile("/secret-link");
        wire.run();
        get(unlink);
        assertThat(root.resolve("secret-link")).doesNotExist();
        assertOutsideUntouched();
    }

    @Test
    void uploadFileNamesCannotTraverse() throws Exception {
        Wire wire = new Wire(root, true);
        for (String name : List.of("../evil.txt", "sub/../../evil.txt", "/abs.txt",
                "ok.txt\0.txt", "")) {
            wire.deliverToDevice(receive(11, "/in", List.of(file(name, 1), file("b.txt", 1))));
        }
        wire.deliverToDevice(receive(12, "/in", List.of(file("../../escape/x", 1))));
        wire.deliverToDevice(receive(13, "/escape", List.of(file("x.txt", 1), file("y", 1))));

        assertThat(wire.takeForController()).hasSize(7).allSatisfy(m ->
                assertThat(m.getFileResponse().getError().getId()).isIn(11, 12, 13));
        assertThat(root.resolve("in")).doesNotExist();
        assertThat(base.resolve("evil.txt")).doesNotExist();
        assertOutsideUntouched();
    }

    @Test
    void renameTakesOnePlainName() throws Exception {
        Wire wire = new Wire(root, true);
        Files.createDirectories(root.resolve("sub"));
        CompletableFuture<Void> up = wire.controller.rename("/a.txt", "../a.txt");
        CompletableFuture<Void> down = wire.controller.rename("/a.txt", "sub/a.txt");
        CompletableFuture<Void> clash = wire.controller.rename("/a.txt", "sub");
        wire.run();
        assertRemoteError(up, "Invalid file name");
        assertRemoteError(down, "Invalid file name");
        assertRemoteError(clash, "File exists");
        assertThat(root.resolve("a.txt")).hasContent("a");
    }

    @Test
    void aReadOnlyShareRefusesEveryWrite() throws Exception {
        Files.createDirectories(root.resolve("dir"));
        Wire wire = new Wire(root, false);
        List<CompletableFuture<?>> refused = List.of(
                wire.controller.upload(local.resolve("up.txt"), "/up.txt"),
                wire.controller.createDir("/new"),
                wire.controller.removeFile("/a.txt"),
                wire.controller.removeDir("/dir", true),
                wire.controller.rename("/a.txt", "b.txt"));
        CompletableFuture<Void> download = wire.controller.download("/a.txt",
                local.resolve("a"));
        wire.run();

        for (CompletableFuture<?> future : refused) {
            assertRemoteError(future, "No permission");
        }
        get(download);
        assertThat(root.resolve("up.txt")).doesNotExist();
        assertThat(root.resolve("new")).doesNotExist();
        assertThat(root.resolve("a.txt")).hasContent("a");
        assertThat(root.resolve("dir")).isDirectory();
    }

    @Test
    void oversizeAndBombBlocksAreRefusedAndThePartialFileDeleted() throws Exception {
        Wire wire = new Wire(root, true);
        int big = FileLimits.BLOCK_SIZE + 1;
        wire.deliverToDevice(receive(21, "/x.bin", List.of(file("", 10_000_000))));
        wire.deliverToDevice(block(21, 0, new byte[1000], false));
        assertThat(root.resolve("x.bin.download")).exists();
        wire.deliverToDevice(block(21, 0, new byte[big], false));
        wire.deliverToDevice(receive(22, "/y.bin", List.of(file("", 10_000_000))));
        wire.deliverToDevice(block(22, 0, Compression.compress(new byte[big]), true));
        wire.deliverToDevice(receive(23, "/z.bin", List.of(file("", 10_000_000))));
        wire.deliverToDevice(block(23, 0,
                FileTransferTest.random(FileLimits.MAX_COMPRESSED_BLOCK + 1, 9), true));

        List<Message> replies = wire.takeForController();
        assertThat(replies).extracting(m -> m.getFileResponse().getError().getError())
                .containsExactly("Block too large: 131073 bytes",
                        "Bad compressed block: zstd frame declares 131073 bytes; limit is 131072",
                        "Compressed block too large: 132097 bytes");
        assertThat(replies).extracting(m -> m.getFileResponse().getError().getId())
                .containsExactly(21, 22, 23);
        assertThat(root.resolve("x.bin.download")).doesNotExist();
        assertThat(root.resolve("x.bin")).doesNotExist();
        // the job is gone: more blocks for it are ignored
        wire.deliverToDevice(block(21, 0, new byte[10], false));
        assertThat(wire.takeForController()).isEmpty();
        assertThat(root.resolve("x.bin.download")).doesNotExist();
    }

    @Test
    void moreDataThanAnnouncedIsRefused() throws Exception {
        Wire wire = new Wire(root, true);
        wire.deliverToDevice(receive(31, "/small", List.of(file("", 10))));
        wire.deliverToDevice(block(31, 0, new byte[8], false));
        wire.deliverToDevice(block(31, 0, new byte[8], false));
        assertThat(wire.takeForController()).singleElement().satisfies(m -> assertThat(
                m.getFileResponse().getError().getError()).startsWith("More data than"));
        assertThat(root.resolve("small.download")).doesNotExist();
    }

    @Test
    void unknownMissingAndReusedJobIdsChangeNothing() throws Exception {
        Wire wire = new Wire(root, true);
        wire.deliverToDevice(block(99, 0, "data".getBytes(), false));
        wire.deliverToDevice(Message.newBuilder().setFileResponse(FileResponse.newBuilder()
                .setDone(FileTransferDone.newBuilder().setId(98))).build());
        wire.deliverToDevice(Message.newBuilder().setFileResponse(FileResponse.newBuilder()
                .setError(FileTransferError.newBuilder().setId(97).setError("x"))).build());
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setSendConfirm(FileTransferSendConfirmRequest.newBuilder().setId(96)
                        .setSkip(true))).build());
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder())
                .build());
        wire.deliverToDevice(Message.newBuilder().setFileResponse(FileResponse.newBuilder())
                .build());
        wire.deliverToDevice(Message.newBuilder().setFileAction(FileAction.newBuilder()
                .setCancel(io.jdesk.protocol.proto.FileTransferCancel.newBuilder().setId(95)))
                .build());
        assertThat(wire.takeForController()).isEmpty();
        assertThat(wire.device.hasWork()).isFalse();

        wire.deliverToDevice(send(0, "/a.txt"));
        wire.deliverToDevice(send(-5, "/a.txt"));
        wire.deliverToDevice(send(41, "/a.txt"));
        wire.deliverToDevice(send(41, "/a.txt"));
        wire.deliverToDevice(receive(41, "/b.txt", List.of(file("", 1))));
        List<Message> replies = wire.takeForController();
        assertThat(replies).extracting(FileTransferTest::kind).containsExactly(
                FileResponse.UnionCase.ERROR, FileResponse.UnionCase.ERROR,
                FileResponse.UnionCase.DIR, FileResponse.UnionCase.ERROR,
                FileResponse.UnionCase.ERROR);
        assertThat(replies.get(0).getFileResponse().getError().getError())
                .isEqualTo("Invalid job id 0");
        assertThat(replies.get(3).getFileResponse().getError().getError())
                .isEqualTo("Job id 41 is already in use");

        wire.deliverToDevice(receive(42, "/two", List.of(file("a", 5), file("b", 5))));
        wire.deliverToDevice(block(42, 1, new byte[5], false));
        wire.deliverToDevice(block(42, 0, new byte[5], false));
        wire.deliverToDevice(receive(43, "/three", List.of(file("a", 5))));
        wire.deliverToDevice(block(43, 1, new byte[5], false));
        assertThat(wire.takeForController()).extracting(
                m -> m.getFileResponse().getError().getError())
                .containsExactly("Block for file 0 after file 1", "Wrong file number 1");
        assertThat(root.resolve("two/a")).doesNotExist();
        assertThat(root.resolve("three")).doesNotExist();
    }

    @Test
    void limitsOnJobsFilesAndPaths() throws Exception {
        Files.createDirectories(root.resolve("four"));
        Files.createDirectories(root.resolve("five"));
        for (String name : List.of("1", "2", "3", "4")) {
            write(root.resolve("four/" + name), name);
            write(root.resolve("five/" + name), name);
        }
        write(root.resolve("five/5"), "5");
        FileLimits limits = new FileLimits(2, 3, 4, 64, 4, 2);
        Wire wire = new Wire(root, true, limits);

        wire.deliverToDevice(send(1, "/four"));
        wire.deliverToDevice(send(2, "/a.txt"));
        wire.deliverToDevice(send(3, "/a.txt"));
        wire.deliverToDevice(send(4, "/a.txt"));
        wire.deliverToDevice(readDir("/five"));
        wire.deliverToDevice(readDir("/" + "x".repeat(65)));
        wire.deliverToDevice(readDir("/a/b/c/d/e"));
        List<String> errors = new ArrayList<>();
        for (Message m : wire.takeForController()) {
            errors.add(m.getFileResponse().hasError() ? m.getFileResponse().getError().getError()
                    : m.getFileResponse().getUnionCase().toString());
        }
        assertThat(errors).containsExactly("Too many files (limit 3)", "DIR", "DIR",
                "Too many transfer jobs (limit 2)", "Too many entries in the directory (limit 4)",
                "Path too long", "Path too deep");

        // the controller bounds its pending requests the same way
        CompletableFuture<List<RemoteEntry>> first = wire.controller.list("/");
        CompletableFuture<List<RemoteEntry>> second = wire.controller.list("/");
        CompletableFuture<List<RemoteEntry>> third = wire.controller.list("/");
        assertThat(third).isCompletedExceptionally();
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
    }

    @Test
    void theControllerRefusesAHostileFileListAndTellsTheDeviceToStop() throws Exception {
        List<Message> sent = new ArrayList<>();
        FileClient client = new FileClient(sent::add);
        CompletableFuture<Void> download = client.download("/x", local.resolve("x"));
        client.onResponse(FileResponse.newBuilder().setDir(
                io.jdesk.protocol.proto.FileDirectory.newBuilder().setId(1).setPath("/x")
                        .addEntries(file("ok.txt", 1)).addEntries(file("../../evil", 1)))
                .build());
        assertRemoteError(download, SharedRoot.OUTSIDE);
        assertThat(sent.get(sent.size() - 1).getFileAction().getCancel().getId()).isEqualTo(1);
        assertThat(base.resolve("evil")).doesNotExist();

        CompletableFuture<Void> second = client.download("/y", local.resolve("y"));
        client.onResponse(FileResponse.newBuilder().setDir(
                io.jdesk.protocol.proto.FileDirectory.newBuilder().setId(2).setPath("/y")
                        .addEntries(file("", 100))).build());
        client.onResponse(FileResponse.newBuilder().setBlock(FileTransferBlock.newBuilder()
                .setId(2).setData(ByteString.copyFrom(new byte[FileLimits.BLOCK_SIZE + 1])))
                .build());
        assertRemoteError(second, "Block too large");
        assertThat(local.resolve("y.download")).doesNotExist();

        CompletableFuture<List<RemoteEntry>> listing = client.list("/nope");
        client.onResponse(FileResponse.newBuilder().setError(FileTransferError.newBuilder()
                .setId(0).setError("No such file or directory: /nope")).build());
        assertRemoteError(listing, "No such file or directory");
    }

    private void assertOutsideUntouched() throws Exception {
        try (var files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    static void assertRemoteError(CompletableFuture<?> future, String text) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(text);
    }

    static FileEntry file(String name, long size) {
        return FileEntry.newBuilder().setEntryType(FileType.File).setName(name).setSize(size)
                .build();
    }

    static Message receive(int id, String path, List<FileEntry> files) {
        return Message.newBuilder().setFileAction(FileAction.newBuilder().setReceive(
                FileTransferReceiveRequest.newBuilder().setId(id).setPath(path)
                        .addAllFiles(files))).build();
    }

    static Message readDir(String path) {
        return Message.newBuilder().setFileAction(FileAction.newBuilder().setReadDir(
                io.jdesk.protocol.proto.ReadDir.newBuilder().setPath(path))).build();
    }

    static Message send(int id, String path) {
        return Message.newBuilder().setFileAction(FileAction.newBuilder().setSend(
                FileTransferSendRequest.newBuilder().setId(id).setPath(path))).build();
    }

    static Message block(int id, int fileNum, byte[] data, boolean compressed) {
        return Message.newBuilder().setFileResponse(FileResponse.newBuilder().setBlock(
                FileTransferBlock.newBuilder().setId(id).setFileNum(fileNum)
                        .setData(ByteString.copyFrom(data)).setCompressed(compressed)))
                .build();
    }
}
