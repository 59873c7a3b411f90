package io.jdesk.peer.internal.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.protocol.crypto.BoxKeyPair;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.PublicKey;
import io.jdesk.protocol.proto.SignedId;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secure handshake on the peer-to-peer stream (peer.md §5): the device signs a fresh X25519
 * key with its Ed25519 key; the controller checks that signature against the device key hbbs
 * signed, and answers with a random secretbox key sealed to the fresh key.
 *
 * <p>The pure steps are separate from the stream driving them, so tests can check every byte
 * with fixed keys.
 */
public final class Handshake {

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    /** READ_TIMEOUT of peer.md §8.1. */
    public static final Duration READ_TIMEOUT = Duration.ofMillis(18_000);

    private Handshake() {
    }

    /** How the device side ended. */
    public enum DeviceOutcome {
        /** A PublicKey with a sealed key arrived: the stream is encrypted. */
        ENCRYPTED,
        /** An empty PublicKey: the controller could not verify our key; re-register it (§5.1). */
        UNVERIFIED,
        /** Another message: the controller chose to go on unencrypted. */
        PLAIN
    }

    // ---- device (peer.md §5.1) ----

    /** {@code Message{signed_id = sign(IdPk{id, pk = eph.publicKey})}} with the device's key. */
    public static Message signedId(SigningKeyPair deviceKey, String id, BoxKeyPair ephemeral) {
        byte[] idPk = IdPk.newBuilder().setId(id).setPk(ByteString.copyFrom(ephemeral.publicKey())).build()
                .toByteArray();
        return Message.newBuilder().setSignedId(SignedId.newBuilder()
                .setId(ByteString.copyFrom(deviceKey.sign(idPk)))).build();
    }

    /**
     * The device's reading of the controller's answer.
     *
     * @return the session key when the answer is a PublicKey with a 32-byte asymmetric value, empty
     *     for an empty PublicKey
     * @throws PeerException PROTOCOL "Handshake failed" when the sealed key does not open,
     *     "invalid public sign key length" for another length
     */
    public static Optional<SessionKey> openPublicKey(PublicKey answer, BoxKeyPair ephemeral) throws PeerException {
        byte[] theirs = answer.getAsymmetricValue().toByteArray();
        if (theirs.length == 0) {
            return Optional.empty();
        }
        if (theirs.length != Sodium.BOX_PUBLIC_KEY_BYTES) {
            throw new PeerException(Reason.PROTOCOL, "invalid public sign key length");
        }
        return Optional.of(SealedKey.open(answer.getSymmetricValue().toByteArray(), theirs, ephemeral)
                .orElseThrow(() -> new PeerException(Reason.PROTOCOL, "Handshake failed")));
    }

    /** Runs §5.1 on {@code stream}: SignedId out, the controller's answer in. */
    public static DeviceOutcome device(FramedStream stream, SigningKeyPair deviceKey, String id) throws PeerException {
        BoxKeyPair ephemeral = BoxKeyPair.generate();
        try {
            stream.send(signedId(deviceKey, id, ephemeral));
        } catch (java.io.IOException e) {
            throw new PeerException(Reason.NETWORK, "Reset by the peer", e);
        }
        Message answer = stream.read(READ_TIMEOUT);
        if (answer.getUnionCase() != Message.UnionCase.PUBLIC_KEY) {
            LOG.debug("handshake: the controller answered {}, going on unencrypted", answer.getUnionCase());
            return DeviceOutcome.PLAIN;
        }
        Optional<SessionKey> key = openPublicKey(answer.getPublicKey(), ephemeral);
        if (key.isEmpty()) {
            return DeviceOutcome.UNVERIFIED;
        }
        stream.encrypt(new StreamCipher(key.get()));
        return DeviceOutcome.ENCRYPTED;
    }

    // ---- controller (peer.md §5.2) ----

    /**
     * Opens the server-signed {@code IdPk} from PunchHoleResponse.pk / RelayResponse.pk.
     *
     * @return the device's Ed25519 public key when the signature verifies with {@code serverKey},
     *     the signed id is {@code dialedId} and the key has 32 bytes
     */
    public static Optional<byte[]> verifyServerSigned(byte[] signedPk, VerifyKey serverKey, String dialedId) {
        return openIdPk(signedPk, serverKey).filter(p -> p.getId().equals(dialedId))
                .map(p -> p.getPk().toByteArray()).filter(pk -> pk.length == Sodium.SIGN_PUBLIC_KEY_BYTES);
    }

    /**
     * Opens the device's SignedId with the device key.
     *
     * @return the device's ephemeral X25519 key when the signature verifies, the id is
     *     {@code dialedId} and the key has 32 bytes
     */
    public static Optional<byte[]> verifySignedId(byte[] signedId, byte[] deviceKey, String dialedId) {
        return openIdPk(signedId, VerifyKey.of(deviceKey)).filter(p -> p.getId().equals(dialedId))
                .map(p -> p.getPk().toByteArray()).filter(pk -> pk.length == Sodium.BOX_PUBLIC_KEY_BYTES);
    }

    private static Optional<IdPk> openIdPk(byte[] signed, VerifyKey key) {
        return key.open(signed).flatMap(bytes -> {
            try {
                return Optional.of(IdPk.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code Message{public_key = PublicKey{my ephemeral pk, sealed session key}}}. */
    public static Message publicKey(SealedKey.Offer offer) {
        return Message.newBuilder().setPublicKey(PublicKey.newBuilder()
                .setAsymmetricValue(ByteString.copyFrom(offer.publicKey()))
                .setSymmetricValue(ByteString.copyFrom(offer.sealed()))).build();
    }

    /**
     * Runs §5.2 on {@code stream}.
     *
     * @param signedPk the server-signed IdPk, possibly empty
     * @param insecure go on unencrypted when something does not verify (the official client asks
     *     its user; we refuse unless the caller opted in)
     * @return true when the stream is encrypted
     * @throws PeerException UNTRUSTED when a signature does not verify and {@code insecure} is off
     */
    public static boolean controller(FramedStream stream, byte[] signedPk, VerifyKey serverKey, String dialedId,
            boolean insecure) throws PeerException {
        Optional<byte[]> deviceKey = signedPk.length == 0 ? Optional.empty()
                : verifyServerSigned(signedPk, serverKey, dialedId);
        if (deviceKey.isEmpty()) {
            String why = signedPk.length == 0 ? "the server sent no signed key for " + dialedId
                    : "the server's signature over " + dialedId + "'s key does not verify with the configured key";
            refuseOrGoOn(stream, insecure, why, Message.getDefaultInstance());
            return false;
        }
        Message first = stream.read(READ_TIMEOUT);
        if (first.getUnionCase() != Message.UnionCase.SIGNED_ID) {
            refuseOrGoOn(stream, insecure, "the device sent " + first.getUnionCase() + " instead of its SignedId",
                    Message.getDefaultInstance());
            return false;
        }
        Optional<byte[]> ephemeral = verifySignedId(first.getSignedId().getId().toByteArray(), deviceKey.get(),
                dialedId);
        if (ephemeral.isEmpty()) {
            // "pk mismatch": an empty PublicKey tells the device to register its key again
            refuseOrGoOn(stream, insecure, "the device's SignedId does not verify with the key hbbs signed",
                    Message.newBuilder().setPublicKey(PublicKey.getDefaultInstance()).build());
            return false;
        }
        SealedKey.Offer offer = SealedKey.offer(ephemeral.get());
        send(stream, publicKey(offer));
        stream.encrypt(new StreamCipher(offer.sessionKey()));
        return true;
    }

    private static void refuseOrGoOn(FramedStream stream, boolean insecure, String why, Message answer)
            throws PeerException {
        send(stream, answer);
        if (!insecure) {
            throw new PeerException(Reason.UNTRUSTED, "Insecure connection refused: " + why);
        }
        LOG.warn("going on without encryption (insecure mode): {}", why);
    }

    private static void send(FramedStream stream, Message m) throws PeerException {
        try {
            stream.send(m);
        } catch (java.io.IOException e) {
            throw new PeerException(Reason.NETWORK, "Reset by the peer", e);
        }
    }
}
