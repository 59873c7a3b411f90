package io.jdesk.peer.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.peer.SessionListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One FILE_TRANSFER session doing an upload and a download at once, from two threads, over a
 * loopback connection whose socket buffers are small (16 KiB), so both directions are full most
 * of the time. Each side then writes blocks while the other's confirms and digests wait to be
 * read: if a side's reader ever waits for its writer (a lock held across a socket write, or a
 * reply written by the reader itself), the two sides wait for each other until the device's
 * blocked-send limit (12 s) cuts the session.
 */
class FileSessionDuplexTest {

    private static final int SIZE = 8 * 1024 * 1024;

    @TempDir Path dir;

    @Test
    void simultaneousUploadAndDownloadBothFinish() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.write(share.resolve("down.bin"), random(SIZE, 1));
        Files.write(local.resolve("up.bin"), random(SIZE, 2));
        SessionTest.Events events = new SessionTest.Events();
        try (SessionPair pair = new SessionPair(dir.resolve("device"), null, events, events, share, 16 * 1024);
                ControllerConnection session = pair.connectFiles(new SessionListener() { })) {
            for (int round = 0; round < 2; round++) {
                Path down = local.resolve("down-" + round + ".bin");
                String up = "/up-" + round + ".bin";
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Void> download = inThread("download", () -> {
                    go.await();
                    session.download("/down.bin", down);
                });
                CompletableFuture<Void> upload = inThread("upload", () -> {
                    go.await();
                    session.upload(local.resolve("up.bin"), up);
                });
                go.countDown();
                try {
                    CompletableFuture.allOf(download, upload).get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    pair.abortLastLink(); // else closing the session would wait on the stuck write
                    throw new AssertionError("upload and download did not finish within 60 s", e);
                }
                assertThat(sha256(down)).isEqualTo(sha256(share.resolve("down.bin")));
                assertThat(sha256(share.resolve(up.substring(1)))).isEqualTo(sha256(local.resolve("up.bin")));
            }
            assertThat(session.isOpen()).isTrue();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> inThread(String name, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "test-" + name);
        t.setDaemon(true);
        t.start();
        return done;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
