package io.jdesk.peer;

/**
 * Receives the input of logged-in controllers (remote-desktop sessions only). Called on the
 * session's reader thread; return quickly.
 */
public interface InputSink {

    default void mouse(SessionInfo from, MouseInput event) {
    }

    default void key(SessionInfo from, KeyInput event) {
    }
}
