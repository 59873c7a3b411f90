package io.jdesk.peer.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransferBlock;
import io.jdesk.protocol.proto.FileType;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileService and FileClient joined in memory: listings and transfers both ways. */
class FileTransferTest {

    private static final int TEN_MIB = 10 * 1024 * 1024;

    @TempDir
    Path root;

    @TempDir
    Path local;

    @Test
    void listsTheSharedFolderAsSlash() throws Exception {
        Files.createDirectories(root.resolve("docs/inner"));
        write(root.resolve("a.txt"), "hello");
        write(root.resolve(".hidden"), "x");
        Files.createSymbolicLink(root.resolve("link-dir"), root.resolve("docs"));
        Files.createSymbolicLink(root.resolve("link-file"), root.resolve("a.txt"));
        Files.setLastModifiedTime(root.resolve("a.txt"),
                FileTime.from(Instant.ofEpochSecond(1_700_000_000L)));
        Wire wire = new Wire(root, true);

        CompletableFuture<List<RemoteEntry>> slash = wire.controller.list("/");
        CompletableFuture<List<RemoteEntry>> empty = wire.controller.list("");
        CompletableFuture<List<RemoteEntry>> hidden = wire.controller.list("/", true);
        CompletableFuture<List<RemoteEntry>> docs = wire.controller.list("/docs");
        wire.run();

        assertThat(names(get(slash))).containsExactly("a.txt", "docs", "link-dir", "link-file");
        assertThat(names(get(empty))).isEqualTo(names(get(slash)));
        assertThat(names(get(hidden))).containsExactly(".hidden", "a.txt", "docs", "link-dir",
                "link-file");
        assertThat(get(docs)).extracting(RemoteEntry::name, RemoteEntry::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("inner", FileType.Dir));
        RemoteEntry a = get(slash).get(0);
        assertThat(a.type()).isEqualTo(FileType.File);
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.modified()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(get(slash).get(2).type()).isEqualTo(FileType.DirLink);
        assertThat(get(slash).get(3).type()).isEqualTo(FileType.FileLink);
        assertThat(get(slash).get(3).size()).isZero();
        // the device answers with the canonical remote path
        assertThat(wire.fromDevice).extracting(m -> m.getFileResponse().getDir().getPath())
                .containsExactly("/", "/", "/", "/docs");
        assertThat(get(hidden).get(0).hidden()).isTrue();
    }

    @Test
    void downloadsTenMebibytesIntact() throws Exception {
        Path source = root.resolve("big.bin");
        Files.write(source, random(TEN_MIB, 1));
        Wire wire = new Wire(root, false);

        CompletableFuture<Void> done = wire.controller.download("/big.bin",
                local.resolve("copy.bin"));
        wire.run();

        get(done);
        assertThat(sha256(local.resolve("copy.bin"))).isEqualTo(sha256(source));
        assertThat(Files.exists(local.resolve("copy.bin.download"))).isFalse();
        List<FileTransferBlock> blocks = blocks(wire.fromDevice);
        assertThat(blocks).hasSize(TEN_MIB / FileLimits.BLOCK_SIZE + 1);
        assertThat(blocks.subList(0, blocks.size() - 1))
                .allSatisfy(b -> assertThat(b.getCompressed()).isFalse())
                .allSatisfy(b -> assertThat(b.getData().size()).isEqualTo(128 * 1024));
        assertThat(blocks.get(blocks.size() - 1).getData().isEmpty()).isTrue();
    }

    @Test
    void uploadsTenMebibytesIntact() throws Exception {
        Path source = local.resolve("big.bin");
        Files.write(source, random(TEN_MIB, 2));
        Files.setLastModifiedTime(source, FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> done = wire.controller.upload(source, "/up/big.bin");
        wire.run();

        get(done);
        Path target = root.resolve("up/big.bin");
        assertThat(sha256(target)).isEqualTo(sha256(source));
        assertThat(Files.getLastModifiedTime(target).toInstant())
                .isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(Files.exists(root.resolve("up/big.bin.download"))).isFalse();
        assertThat(blocks(wire.fromController)).hasSize(TEN_MIB / FileLimits.BLOCK_SIZE + 1);
    }

    @Test
    void emptyFilesTravelBothWays() throws Exception {
        Files.createFile(root.resolve("empty-down"));
        Files.createFile(local.resolve("empty-up"));
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> down = wire.controller.download("/empty-down",
                local.resolve("got"));
        CompletableFuture<Void> up = wire.controller.upload(local.resolve("empty-up"),
                "/got-up");
        wire.run();

        get(down);
        get(up);
        assertThat(local.resolve("got")).isRegularFile().isEmptyFile();
        assertThat(root.resolve("got-up")).isRegularFile().isEmptyFile();
        // one empty end-of-file block each way, as upstream sends it
        assertThat(blocks(wire.fromDevice)).singleElement()
                .satisfies(b -> assertThat(b.getData().isEmpty()).isTrue());
        assertThat(blocks(wire.fromController)).hasSize(1);
    }

    @Test
    void directoriesTravelBothWays() throws Exception {
        Files.createDirectories(root.resolve("tree/a/b"));
        write(root.resolve("tree/top.txt"), "top");
        write(root.resolve("tree/a/b/deep.txt"), "deep");
        Files.createFile(root.resolve("tree/a/zero"));
        write(root.resolve("tree/.dot"), "hidden too");
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> down = wire.controller.download("/tree", local.resolve("tree"));
        wire.run();
        get(down);
        assertThat(tree(local.resolve("tree"))).isEqualTo(tree(root.resolve("tree")));

        CompletableFuture<Void> up = wire.controller.upload(local.resolve("tree"), "/copy");
        wire.run();
        get(up);
        assertThat(tree(root.resolve("copy"))).isEqualTo(tree(root.resolve("tree")));
    }

    @Test
    void uploadingADirectoryCreatesItsEmptyDirectories() throws Exception {
        Files.createDirectories(local.resolve("nothing"));
        Files.createDirectories(local.resolve("some/empty"));
        write(local.resolve("some/file.txt"), "f");
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> nothing = wire.controller.upload(local.resolve("nothing"),
                "/nothing");
        CompletableFuture<Void> some = wire.controller.upload(local.resolve("some"), "/some");
        wire.run();

        get(nothing);
        get(some);
        assertThat(root.resolve("nothing")).isEmptyDirectory();
        assertThat(root.resolve("some/empty")).isEmptyDirectory();
        assertThat(root.resolve("some/file.txt")).hasContent("f");
    }

    @Test
    void blocksAreCompressedOnlyWhenItHelps() throws Exception {
        write(root.resolve("text.txt"), "compress me please. ".repeat(20_000));
        Files.write(root.resolve("noise.bin"), random(300_000, 3));
        write(root.resolve("text.zip"), "compress me please. ".repeat(20_000));
        Wire wire = new Wire(root, false);

        for (String name : List.of("text.txt", "noise.bin", "text.zip")) {
            CompletableFuture<Void> done = wire.controller.download("/" + name,
                    local.resolve(name));
            wire.run();
            get(done);
            assertThat(Files.mismatch(local.resolve(name), root.resolve(name))).isEqualTo(-1);
        }

        List<FileTransferBlock> blocks = blocks(wire.fromDevice).stream()
                .filter(b -> !b.getData().isEmpty()).toList();
        List<FileTransferBlock> text = blocks.stream().filter(b -> b.getId() == 1).toList();
        List<FileTransferBlock> noise = blocks.stream().filter(b -> b.getId() == 2).toList();
        List<FileTransferBlock> zip = blocks.stream().filter(b -> b.getId() == 3).toList();
        assertThat(text).hasSize(4).allSatisfy(b -> {
            assertThat(b.getCompressed()).isTrue();
            assertThat(b.getData().size()).isLessThan(FileLimits.BLOCK_SIZE / 10);
        });
        assertThat(noise).hasSize(3).allSatisfy(b -> assertThat(b.getCompressed()).isFalse());
        assertThat(zip).hasSize(4).allSatisfy(b -> assertThat(b.getCompressed()).isFalse());
    }

    @Test
    void uploadOverwritesAnExistingFileAfterTheDevicesDigest() throws Exception {
        write(root.resolve("same.txt"), "old content");
        write(local.resolve("same.txt"), "new content, longer");
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> done = wire.controller.upload(local.resolve("same.txt"),
                "/same.txt");
        wire.run();

        get(done);
        assertThat(Files.readString(root.resolve("same.txt"))).isEqualTo("new content, longer");
        // the device answered the controller's digest with its own (is_upload) instead of a
        // confirm; the controller then confirmed offset 0
        assertThat(wire.fromDevice).filteredOn(m -> m.getFileResponse().hasDigest())
                .singleElement().satisfies(m -> {
                    assertThat(m.getFileResponse().getDigest().getIsUpload()).isTrue();
                    assertThat(m.getFileResponse().getDigest().getFileSize()).isEqualTo(11);
                });
        assertThat(wire.fromController).filteredOn(m -> m.getFileAction().hasSendConfirm())
                .singleElement().satisfies(m -> assertThat(
                        m.getFileAction().getSendConfirm().getOffsetBlk()).isZero());
    }

    @Test
    void withoutOverwriteDetectionNoDigestsAreExchanged() throws Exception {
        write(root.resolve("f.txt"), "plain");
        write(local.resolve("g.txt"), "other");
        Wire wire = new Wire(root, true);
        wire.device.setOverwriteDetection(FileService.supportsOverwriteDetection("1.1.9"));
        wire.controller.setOverwriteDetection(false);

        CompletableFuture<Void> down = wire.controller.download("/f.txt", local.resolve("f"));
        CompletableFuture<Void> up = wire.controller.upload(local.resolve("g.txt"), "/g.txt");
        wire.run();

        get(down);
        get(up);
        assertThat(Files.readString(local.resolve("f"))).isEqualTo("plain");
        assertThat(Files.readString(root.resolve("g.txt"))).isEqualTo("other");
        assertThat(Stream.concat(wire.fromDevice.stream(), wire.fromController.stream()))
                .noneMatch(m -> m.getFileResponse().hasDigest()
                        || m.getFileAction().hasSendConfirm());
        assertThat(FileService.supportsOverwriteDetection("1.1.10")).isTrue();
        assertThat(FileService.supportsOverwriteDetection("1.4.9")).isTrue();
    }

    @Test
    void fileOperationsChangeTheShare() throws Exception {
        write(root.resolve("old.txt"), "x");
        Files.createDirectories(root.resolve("gone/inner"));
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> create = wire.controller.createDir("/new/sub");
        CompletableFuture<Void> rename = wire.controller.rename("/old.txt", "renamed.txt");
        CompletableFuture<Void> removeDir = wire.controller.removeDir("/gone", true);
        wire.run();
        get(create);
        get(rename);
        get(removeDir);
        CompletableFuture<Void> removeFile = wire.controller.removeFile("/renamed.txt");
        wire.run();
        get(removeFile);

        assertThat(root.resolve("new/sub")).isDirectory();
        assertThat(root.resolve("old.txt")).doesNotExist();
        assertThat(root.resolve("renamed.txt")).doesNotExist();
        assertThat(root.resolve("gone")).doesNotExist();
    }

    @Test
    void cancellingADownloadStopsTheDeviceAndDeletesThePartialFile() throws Exception {
        Files.write(root.resolve("big.bin"), random(2 * 1024 * 1024, 4));
        Wire wire = new Wire(root, false);

        CompletableFuture<Void> done = wire.controller.download("/big.bin",
                local.resolve("big.bin"));
        wire.step(12);
        assertThat(blocks(wire.fromDevice)).isNotEmpty();
        assertThat(local.resolve("big.bin.download")).exists();
        done.cancel(false);
        wire.run();

        assertThat(wire.fromController.get(wire.fromController.size() - 1).getFileAction()
                .getCancel().getId()).isEqualTo(1);
        assertThat(wire.device.hasWork()).isFalse();
        assertThat(wire.device.pump()).isFalse();
        assertThat(local.resolve("big.bin.download")).doesNotExist();
        assertThat(local.resolve("big.bin")).doesNotExist();
    }

    @Test
    void cancellingAnUploadDeletesThePartialFileOnTheDevice() throws Exception {
        Files.write(local.resolve("big.bin"), random(2 * 1024 * 1024, 5));
        Wire wire = new Wire(root, true);

        CompletableFuture<Void> done = wire.controller.upload(local.resolve("big.bin"),
                "/big.bin");
        wire.step(12);
        assertThat(root.resolve("big.bin.download")).exists();
        done.cancel(false);
        wire.run();

        assertThat(root.resolve("big.bin.download")).doesNotExist();
        assertThat(root.resolve("big.bin")).doesNotExist();
        assertThat(wire.controller.hasWork()).isFalse();
    }

    @Test
    void closeFailsPendingRequests() throws Exception {
        Wire wire = new Wire(root, true);
        CompletableFuture<List<RemoteEntry>> listing = wire.controller.list("/");
        CompletableFuture<Void> download = wire.controller.download("/x", local.resolve("x"));
        wire.controller.close();
        assertThat(listing).isCompletedExceptionally();
        assertThat(download).isCompletedExceptionally();
        assertThat(wire.controller.list("/")).isCompletedExceptionally();
    }

    static List<FileTransferBlock> blocks(List<Message> messages) {
        return messages.stream().filter(m -> m.getFileResponse().hasBlock())
                .map(m -> m.getFileResponse().getBlock()).toList();
    }

    static List<String> names(List<RemoteEntry> entries) {
        return entries.stream().map(RemoteEntry::name).toList();
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Relative path -> content hash of every regular file below {@code dir}. */
    static java.util.Map<String, String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(
                    p -> dir.relativize(p).toString(), p -> {
                        try {
                            return sha256(p);
                        } catch (IOException | NoSuchAlgorithmException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
    }

    static FileResponse.UnionCase kind(Message m) {
        return m.getFileResponse().getUnionCase();
    }
}
