package io.jdesk.server.rendezvous;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable view of one peer at the moment it was taken.
 *
 * @param id the RustDesk ID
 * @param pk the device's public key as bound on disk (a copy)
 * @param address the last UDP source address, or {@code null} while unknown (entry loaded from
 *        the store and not registered since)
 * @param lastRegNanos {@link MonotonicClock} time of the last accepted registration, or
 *        {@link #NEVER}
 * @param ip the {@code info.ip} text bound on disk (normalised form, see {@link PeerRegistry})
 */
public record PeerSnapshot(String id, byte[] pk, InetSocketAddress address, long lastRegNanos, String ip) {

    /**
     * {@link #lastRegNanos} of a peer not registered since it was loaded from the store. An
     * explicit marker, not OSS's "now - 3600 s", which looks online right after boot (§8.5).
     */
    public static final long NEVER = Elapsed.NEVER;

    public PeerSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ip, "ip");
        pk = pk.clone();
    }

    @Override
    public byte[] pk() {
        return pk.clone();
    }

    /** @return whether the peer registered since it was loaded (or created) */
    public boolean registered() {
        return lastRegNanos != NEVER;
    }

    /**
     * The online rule (servers.md §4): registered and {@code now - lastReg} less than
     * {@link PeerRegistry#REG_TIMEOUT}, in 64-bit arithmetic.
     *
     * @param nowNanos the current {@link MonotonicClock} time
     */
    public boolean isOnline(long nowNanos) {
        return Elapsed.within(lastRegNanos, nowNanos, PeerRegistry.REG_TIMEOUT_NANOS);
    }

    /** Prints id, address and time; the key is summarised (servers.md §11.3: no key bytes). */
    @Override
    public String toString() {
        return "PeerSnapshot[id=" + id + ", pk=" + Fingerprint.of(pk) + ", address=" + address
                + ", lastRegNanos=" + (registered() ? Long.toString(lastRegNanos) : "never")
                + ", ip=" + ip + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerSnapshot p && id.equals(p.id) && Arrays.equals(pk, p.pk)
                && Objects.equals(address, p.address) && lastRegNanos == p.lastRegNanos
                && ip.equals(p.ip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(pk), address, lastRegNanos, ip);
    }
}
