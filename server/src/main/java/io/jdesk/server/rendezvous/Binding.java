package io.jdesk.server.rendezvous;

import io.jdesk.server.store.StoredPeer;

/**
 * What a peer's row holds on disk: guid, uuid, pk and {@code info.ip} (servers.md §8.1).
 * Immutable; a {@link Peer} swaps its binding in one volatile write after the row was written,
 * so readers on event loops never see a half-applied change.
 *
 * <p>The IP is kept normalised as two longs. A stored text that is not an IP literal (a foreign
 * or damaged row; OSS falls back to an empty string) is kept verbatim and equals no address,
 * so the next RegisterPk from anywhere counts as an IP change, as in OSS.
 */
final class Binding {

    private final byte[] guid;
    private final byte[] uuid;
    private final byte[] pk;
    private final long ipHi;
    private final long ipLo;
    /** The stored text when it is not an IP literal, else {@code null}. */
    private final String unparsedIp;

    private Binding(byte[] guid, byte[] uuid, byte[] pk, IpKey ip, String unparsedIp) {
        this.guid = guid;
        this.uuid = uuid;
        this.pk = pk;
        this.ipHi = ip == null ? 0 : ip.hi();
        this.ipLo = ip == null ? 0 : ip.lo();
        this.unparsedIp = ip == null ? unparsedIp : null;
    }

    /** @return the binding of a row read from the store */
    static Binding of(StoredPeer row) {
        return new Binding(row.guid(), row.uuid(), row.pk(), IpKey.parse(row.ip()), row.ip());
    }

    /** @return a binding as just written; the arrays must not be modified afterwards */
    static Binding written(byte[] guid, byte[] uuid, byte[] pk, IpKey ip) {
        return new Binding(guid, uuid, pk, ip, null);
    }

    /** @return the guid (shared, do not modify) */
    byte[] guid() {
        return guid;
    }

    /** @return the uuid (shared, do not modify) */
    byte[] uuid() {
        return uuid;
    }

    /** @return the pk (shared, do not modify) */
    byte[] pk() {
        return pk;
    }

    /** @return whether the stored IP is {@code ip} (after normalising both) */
    boolean sameIp(IpKey ip) {
        return unparsedIp == null && ipHi == ip.hi() && ipLo == ip.lo();
    }

    /** @return the stored IP as text (normalised form, or the unparsable text as stored) */
    String ipText() {
        return unparsedIp != null ? unparsedIp : new IpKey(ipHi, ipLo).toString();
    }
}
