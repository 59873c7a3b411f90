package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;

/**
 * Outcome of {@link PeerRegistry#registerPk} (servers.md §5.3): either no reply at all, or the
 * {@code RegisterPkResponse.result} to send.
 */
public enum RegisterPkResult {
    /** Empty uuid or pk: send nothing (step 1). */
    IGNORE(null),
    /** Bound (and, if anything changed, on disk). */
    OK(RegisterPkResponse.Result.OK),
    /** ID too short, owned by another uuid, or new pk and new IP at once (steps 2, 5). */
    UUID_MISMATCH(RegisterPkResponse.Result.UUID_MISMATCH),
    /** Per-IP or per-peer rate limit (steps 3, 6; §5.16). */
    TOO_FREQUENT(RegisterPkResponse.Result.TOO_FREQUENT),
    /** The store failed; nothing changed (jdesk; OSS answers OK here). */
    SERVER_ERROR(RegisterPkResponse.Result.SERVER_ERROR);

    private final RegisterPkResponse.Result wire;

    RegisterPkResult(RegisterPkResponse.Result wire) {
        this.wire = wire;
    }

    /** @return whether to send a RegisterPkResponse */
    public boolean reply() {
        return wire != null;
    }

    /**
     * @return the {@code result} field of the reply
     * @throws IllegalStateException for {@link #IGNORE}, which has no reply
     */
    public RegisterPkResponse.Result wire() {
        if (wire == null) {
            throw new IllegalStateException("IGNORE has no reply");
        }
        return wire;
    }
}
