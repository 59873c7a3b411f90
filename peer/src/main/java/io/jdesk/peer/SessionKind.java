package io.jdesk.peer;

/** What a controller opens a session for (ConnType / LoginRequest union, peer.md §6.3). */
public enum SessionKind {
    /** Video, input, clipboard, cursor, audio. */
    REMOTE_DESKTOP,
    /** Directory listing and file copies both ways. */
    FILE_TRANSFER
}
