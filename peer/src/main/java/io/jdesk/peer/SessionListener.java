package io.jdesk.peer;

/**
 * What a controller's {@link Session} receives; all methods have empty defaults. Called on the
 * session's reader thread, in arrival order; return quickly.
 */
public interface SessionListener {

    /** A video frame as the device's encoder produced it; hand it to a decoder of {@code codec}. */
    default void videoFrame(VideoCodec codec, EncodedFrame frame, int display) {
    }

    default void audioFormat(int sampleRate, int channels) {
    }

    /** One Opus packet. */
    default void audioFrame(byte[] opus) {
    }

    /** A new cursor shape (also its id from now on). */
    default void cursor(CursorImage cursor) {
    }

    /** The cursor changed to one sent before. */
    default void cursorId(long id) {
    }

    default void cursorPosition(int x, int y) {
    }

    default void clipboard(String text) {
    }

    /** The session ended; {@code reason} is the device's close reason or what went wrong. */
    default void closed(String reason) {
    }
}
