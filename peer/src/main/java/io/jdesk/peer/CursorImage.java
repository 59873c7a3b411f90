package io.jdesk.peer;

import java.util.Objects;

/**
 * A cursor shape (peer.md §7.7).
 *
 * @param id the cursor's id; a device sends the image once per session and the id afterwards
 * @param rgba width × height × 4 bytes, uncompressed
 */
public record CursorImage(long id, int hotX, int hotY, int width, int height, byte[] rgba) {

    public CursorImage {
        Objects.requireNonNull(rgba, "rgba");
        if (width < 0 || height < 0 || (long) width * height * 4 != rgba.length) {
            throw new IllegalArgumentException("rgba must hold width*height*4 bytes");
        }
    }
}
