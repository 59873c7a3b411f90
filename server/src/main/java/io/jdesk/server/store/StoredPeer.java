package io.jdesk.server.store;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One row of the OSS {@code peer} table (spec/servers.md §8.1), as jdesk reads and writes it.
 *
 * @param guid 16-byte primary key (random per row, never changes)
 * @param id the RustDesk ID (unique)
 * @param uuid the device's machine UID bytes, bound to the ID on first registration
 * @param pk the device's Ed25519 public key (normally 32 bytes)
 * @param ip the {@code info.ip} text: the source IP of the registration that last changed the row
 */
public record StoredPeer(byte[] guid, String id, byte[] uuid, byte[] pk, String ip) {

    /** Length of {@link #guid()}. */
    public static final int GUID_BYTES = 16;

    public StoredPeer {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(ip, "ip");
        guid = guid.clone();
        uuid = uuid.clone();
        pk = pk.clone();
    }

    @Override
    public byte[] guid() {
        return guid.clone();
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    @Override
    public byte[] pk() {
        return pk.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredPeer p && Arrays.equals(guid, p.guid) && id.equals(p.id)
                && Arrays.equals(uuid, p.uuid) && Arrays.equals(pk, p.pk) && ip.equals(p.ip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(guid), id, Arrays.hashCode(uuid), Arrays.hashCode(pk), ip);
    }

    /** Prints the guid and id; uuid (a machine identifier) and pk are summarised, not dumped. */
    @Override
    public String toString() {
        return "StoredPeer[guid=" + HexFormat.of().formatHex(guid) + ", id=" + id + ", uuid="
                + uuid.length + " bytes, pk=" + pk.length + " bytes, ip=" + ip + "]";
    }
}
