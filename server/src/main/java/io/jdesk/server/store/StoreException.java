package io.jdesk.server.store;

/** A peer-store operation failed (I/O, constraint, corrupt database); names the operation. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
