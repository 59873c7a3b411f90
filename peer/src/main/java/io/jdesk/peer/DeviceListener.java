package io.jdesk.peer;

import java.net.InetSocketAddress;

/** Lifecycle events of a {@link Device}; all methods have empty defaults. Return quickly. */
public interface DeviceListener {

    /** hbbs confirmed our key and ID. */
    default void registered(String id) {
    }

    /** A controller logged in. */
    default void sessionStarted(SessionInfo session) {
    }

    /** A logged-in session ended. */
    default void sessionEnded(SessionInfo session, String reason) {
    }

    /** A login attempt was refused (wrong password, throttled, wrong ID...). */
    default void loginRefused(InetSocketAddress from, String reason) {
    }

    /** A controller sent its clipboard text. */
    default void clipboard(SessionInfo from, String text) {
    }
}
