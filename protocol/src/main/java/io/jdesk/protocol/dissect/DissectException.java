package io.jdesk.protocol.dissect;

import java.util.List;

/**
 * Input the {@link Dissector} cannot decode as asked. Carries the pieces decoded before the
 * failure, so a tool can print them and then the error.
 */
public final class DissectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Dissector.Decoded> decoded;

    DissectException(String message, List<Dissector.Decoded> decoded) {
        super(message);
        this.decoded = List.copyOf(decoded);
    }

    /** The pieces decoded successfully before the failing one, in input order. */
    public List<Dissector.Decoded> decoded() {
        return decoded;
    }
}
