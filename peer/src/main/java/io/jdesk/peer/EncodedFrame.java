package io.jdesk.peer;

import java.util.Objects;

/**
 * One already-encoded video frame, as an encoder produced it (no container).
 *
 * @param data the frame: a raw VPx frame, an AV1 temporal unit, or H.264/H.265 Annex-B
 * @param key whether it is a key frame (decodable on its own)
 * @param pts presentation time in milliseconds since the source started
 */
public record EncodedFrame(byte[] data, boolean key, long pts) {

    public EncodedFrame {
        Objects.requireNonNull(data, "data");
    }
}
