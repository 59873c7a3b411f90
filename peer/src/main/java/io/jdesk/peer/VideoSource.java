package io.jdesk.peer;

/**
 * Where a {@link Device}'s video comes from: an encoder the application runs (a hardware H.264
 * encoder of a KVM box, a VP9 software encoder, a file...). The device starts the source when the
 * first remote-desktop session is logged in and stops it when the last one ends; frames are
 * handed to every logged-in session, each from its next key frame on.
 *
 * <p>Callbacks may come from any thread and must return quickly.
 */
public interface VideoSource {

    /** The codec of the frames; advertised to controllers in PeerInfo. */
    VideoCodec codec();

    /** The display the frames show. */
    Display display();

    /** Start delivering frames to {@code sink}, beginning with a key frame. */
    void start(FrameSink sink);

    /** A controller needs a key frame (it joined, or its decoder lost track). */
    void requestKeyFrame();

    /** No session watches any more. */
    void stop();

    /** Receives the frames of a started source; callable from any one thread at a time. */
    @FunctionalInterface
    interface FrameSink {
        void frame(EncodedFrame frame);
    }
}
