package io.jdesk.server.rendezvous;

/**
 * Outcome of {@link PeerRegistry#onRegisterPeer} (servers.md §5.2 steps 1-3). An enum, so the
 * hot path allocates no result object. The ConfigUpdate of step 4 is the caller's business.
 */
public enum RegisterPeerResult {
    /** Empty ID: send nothing. */
    IGNORE(false, false),
    /** Reply {@code RegisterPeerResponse{request_pk: true}}; nothing was updated. */
    REQUEST_PK(true, true),
    /** Reply {@code RegisterPeerResponse{request_pk: false}}; the peer is online at the source. */
    REGISTERED(true, false);

    private final boolean reply;
    private final boolean requestPk;

    RegisterPeerResult(boolean reply, boolean requestPk) {
        this.reply = reply;
        this.requestPk = requestPk;
    }

    /** @return whether to send a RegisterPeerResponse */
    public boolean reply() {
        return reply;
    }

    /** @return the {@code request_pk} value of the reply */
    public boolean requestPk() {
        return requestPk;
    }
}
