package io.jdesk.peer.internal.files;

import static io.jdesk.peer.internal.files.FileTransferTest.random;
import static io.jdesk.peer.internal.files.FileTransferTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threading contract as a session would use it: per side one reader thread calling on...,
 * one sender thread that pumps while pump() says so and otherwise waits for workAvailable,
 * and the application calling the client from the test thread. A lost wake-up or a race shows
 * as a timeout or a wrong checksum.
 */
class FileConcurrencyTest {

    private static final Message STOP = Message.getDefaultInstance();

    @TempDir
    Path root;

    @TempDir
    Path local;

    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    @Test
    void downloadsUploadsAndListingsAtOnce() throws Exception {
        Files.write(root.resolve("down.bin"), random(4 * 1024 * 1024, 11));
        Files.write(local.resolve("up.bin"), random(4 * 1024 * 1024, 12));
        BlockingQueue<Message> toDevice = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toController = new LinkedBlockingQueue<>();
        Semaphore deviceWork = new Semaphore(0);
        Semaphore controllerWork = new Semaphore(0);
        FileService device = new FileService(root, true,
                m -> toController.add(Wire.reparse(m)), FileLimits.DEFAULT, deviceWork::release);
        FileClient controller = new FileClient(m -> toDevice.add(Wire.reparse(m)),
                FileLimits.DEFAULT, controllerWork::release);
        start("device-reader", () -> {
            for (Message m; (m = toDevice.take()) != STOP; ) {
                if (m.hasFileAction()) {
                    device.onAction(m.getFileAction());
                } else {
                    device.onResponse(m.getFileResponse());
                }
            }
        });
        start("controller-reader", () -> {
            for (Message m; (m = toController.take()) != STOP; ) {
                if (m.hasFileAction()) {
                    controller.onAction(m.getFileAction());
                } else {
                    controller.onResponse(m.getFileResponse());
                }
            }
        });
        start("device-sender", () -> {
            while (true) {
                deviceWork.acquire();
                while (device.pump()) {
                    Thread.onSpinWait();
                }
            }
        });
        start("controller-sender", () -> {
            while (true) {
                controllerWork.acquire();
                while (controller.pump()) {
                    Thread.onSpinWait();
                }
            }
        });

        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(controller.download("/down.bin", local.resolve("down-" + i + ".bin")));
            all.add(controller.upload(local.resolve("up.bin"), "/up-" + i + ".bin"));
            all.add(controller.list("/"));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++) {
            assertThat(sha256(local.resolve("down-" + i + ".bin")))
                    .isEqualTo(sha256(root.resolve("down.bin")));
            assertThat(sha256(root.resolve("up-" + i + ".bin")))
                    .isEqualTo(sha256(local.resolve("up.bin")));
        }
        assertThat(device.hasWork()).isFalse();
        assertThat(controller.hasWork()).isFalse();
        toDevice.add(STOP);
        toController.add(STOP);
    }

    private interface Body {
        void run() throws Exception;
    }

    private void start(String name, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }
}
