package io.jdesk.peer.internal;

import io.jdesk.protocol.crypto.SigningKeyPair;

/** What the device's registration loop needs from the persisted identity (peer.md §1.5). */
public interface RegistrationIdentity {

    /** The current ID (at least 6 characters). */
    String id();

    /** The uuid bytes sent in RegisterPk; constant for the ID. */
    byte[] uuid();

    /** The Ed25519 key pair whose public key RegisterPk registers. */
    SigningKeyPair keyPair();

    /**
     * hbbs answered UUID_MISMATCH: choose a new random ID in [1e9, 2e9), persist it and return it
     * (peer.md §2.3).
     */
    String replaceId();
}
