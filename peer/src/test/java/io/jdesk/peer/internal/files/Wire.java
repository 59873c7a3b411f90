package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A FileService and a FileClient joined in memory, single-threaded and deterministic: each
 * side's messages are re-parsed from their bytes (so the encoding is exercised) and queued;
 * {@link #run()} delivers and pumps until nothing moves. Every message is also logged per
 * direction for assertions.
 */
final class Wire {

    final FileService device;
    final FileClient controller;
    final List<Message> fromDevice = new ArrayList<>();
    final List<Message> fromController = new ArrayList<>();
    private final Deque<Message> toDevice = new ArrayDeque<>();
    private final Deque<Message> toController = new ArrayDeque<>();

    Wire(Path root, boolean allowWrite) {
        this(root, allowWrite, FileLimits.DEFAULT);
    }

    Wire(Path root, boolean allowWrite, FileLimits limits) {
        device = new FileService(root, allowWrite, m -> {
            Message copy = reparse(m);
            fromDevice.add(copy);
            toController.add(copy);
        }, limits, () -> { });
        controller = new FileClient(m -> {
            Message copy = reparse(m);
            fromController.add(copy);
            toDevice.add(copy);
        }, limits, () -> { });
    }

    /** Delivers and pumps until both queues are empty and neither side has work. */
    void run() {
        try {
            while (true) {
                boolean moved = false;
                while (!toDevice.isEmpty() || !toController.isEmpty()) {
                    Message m = toDevice.poll();
                    if (m != null) {
                        deliverToDevice(m);
                    }
                    m = toController.poll();
                    if (m != null) {
                        deliverToController(m);
                    }
                    moved = true;
                }
                int before = fromDevice.size() + fromController.size();
                device.pump();
                controller.pump();
                moved |= fromDevice.size() + fromController.size() > before;
                if (!moved) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers at most {@code steps} queued messages or pumps, then stops. */
    void step(int steps) throws IOException {
        for (int i = 0; i < steps; i++) {
            Message m = toDevice.poll();
            if (m != null) {
                deliverToDevice(m);
                continue;
            }
            m = toController.poll();
            if (m != null) {
                deliverToController(m);
                continue;
            }
            device.pump();
            controller.pump();
        }
    }

    /** Hands a message straight to the device, as if the controller had sent it. */
    void deliverToDevice(Message m) throws IOException {
        Message copy = reparse(m);
        if (copy.hasFileAction()) {
            device.onAction(copy.getFileAction());
        } else if (copy.hasFileResponse()) {
            device.onResponse(copy.getFileResponse());
        }
    }

    void deliverToController(Message m) throws IOException {
        if (m.hasFileAction()) {
            controller.onAction(m.getFileAction());
        } else if (m.hasFileResponse()) {
            controller.onResponse(m.getFileResponse());
        }
    }

    /** Drops whatever is queued for the controller (a test plays the controller itself). */
    List<Message> takeForController() {
        List<Message> taken = new ArrayList<>(toController);
        toController.clear();
        return taken;
    }

    static Message reparse(Message m) {
        try {
            return Message.parseFrom(m.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
