package io.jdesk.server.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.server.rendezvous.PeerLookup.Target;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's signature over a device key, sent to controllers in PunchHoleResponse.pk and
 * RelayResponse.pk (spec/servers.md §7.3): libsodium combined mode,
 * {@code signature(64) ‖ protobuf(IdPk{id, pk})}. Empty when the device's message carried no
 * {@code version}, the server has no signing key, or the ID is unknown — as OSS does. The
 * controller verifies it with the key it is configured with (§7.4), so this is what makes
 * sessions end-to-end encrypted.
 */
final class IdPkSigner {

    private static final Logger LOG = LoggerFactory.getLogger(IdPkSigner.class);

    private final Optional<SigningKeyPair> key;
    private final PeerLookup peers;
    private final Executor blocking;

    IdPkSigner(Optional<SigningKeyPair> key, PeerLookup peers, Executor blocking) {
        this.key = key;
        this.peers = peers;
        this.blocking = blocking;
    }

    /** Calls {@code then} with the signed IdPk (possibly empty), inline when no store access is needed. */
    void signedPk(String version, String id, Consumer<ByteString> then) {
        if (version.isEmpty() || key.isEmpty()) {
            then.accept(ByteString.EMPTY);
            return;
        }
        Optional<Target> hit = peers.findInMemory(id);
        if (hit.isPresent()) {
            then.accept(sign(hit.get()));
            return;
        }
        CompletableFuture.supplyAsync(() -> peers.find(id), blocking).whenComplete((t, error) -> {
            if (error != null) {
                LOG.warn("signing pk of {}: lookup failed: {}", id, error.toString());
            }
            then.accept(t == null || t.isEmpty() ? ByteString.EMPTY : sign(t.get()));
        });
    }

    /** {@code sign(IdPk{id, pk})} in combined mode; exposed for tests. */
    ByteString sign(Target t) {
        byte[] idPk = IdPk.newBuilder().setId(t.id()).setPk(ByteString.copyFrom(t.pk())).build().toByteArray();
        return ByteString.copyFrom(key.orElseThrow().sign(idPk));
    }
}
