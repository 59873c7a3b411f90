package io.jdesk.server.rendezvous;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ownership check of RegisterPk (servers.md §5.3 step 5, §8.3): may this request change
 * the binding of an ID, and what would change. IPs compare as normalised addresses
 * ({@link IpKey}), not as strings.
 */
enum Ownership {
    /** New ID (or a row without uuid): claim it. */
    NEW,
    /** Same uuid, pk and IP: nothing to write. */
    SAME,
    /** Same uuid and IP, new pk: accepted. */
    KEY_CHANGED,
    /** Same uuid and pk, new IP: accepted and recorded as an IP change. */
    IP_CHANGED,
    /** Another uuid, or a new pk from a new IP: UUID_MISMATCH. */
    MISMATCH;

    private static final Logger log = LoggerFactory.getLogger(PeerRegistry.class);

    /**
     * Decides, logging refusals with OSS's wording (servers.md §11.3) and fingerprints in place
     * of uuid and pk bytes.
     *
     * @param bound the current binding, {@code null} for an ID neither in memory nor on disk
     */
    static Ownership decide(String id, Binding bound, byte[] uuid, byte[] pk, IpKey ip) {
        if (bound == null || bound.uuid().length == 0) {
            return NEW; // an empty stored uuid is never written, but OSS lets anyone claim it
        }
        if (!Arrays.equals(bound.uuid(), uuid)) {
            log.warn("Peer {} uuid mismatch: {} vs {}", id, Fingerprint.of(uuid), Fingerprint.of(bound.uuid()));
            return MISMATCH;
        }
        boolean samePk = Arrays.equals(bound.pk(), pk);
        if (bound.sameIp(ip)) {
            return samePk ? SAME : KEY_CHANGED;
        }
        if (!samePk) {
            log.warn("Peer {} ip/pk mismatch: {}/{} vs {}/{}", id, ip, Fingerprint.of(pk),
                    bound.ipText(), Fingerprint.of(bound.pk()));
            return MISMATCH;
        }
        return IP_CHANGED;
    }
}
