package io.jdesk.server.rendezvous;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-source-IP RegisterPk limits of OSS {@code check_ip_blocker} (servers.md §5.16):
 * a request counter that refuses once it exceeds {@value #MAX_COUNT} within a burst (32 accepted
 * requests, because the first request of an IP only creates its entry), and a set of distinct
 * IDs per day that refuses new IDs once it holds more than {@value #MAX_IDS} (known IDs pass).
 *
 * <p>Bounded, unlike OSS (servers.md §12 item 12, design.md rule 2):
 * <ul>
 *   <li>at most {@code capacity} addresses; when full, the least recently used entry is
 *       dropped. Refusing new addresses instead would let a flood of fresh (IPv6, spoofed)
 *       sources lock out every new device; dropping an entry only resets the limits of one
 *       address, which a spoofing sender could evade anyway (servers.md §12 item 1);</li>
 *   <li>{@link #prune} drops entries whose both windows are over (no request for more than
 *       {@link #IP_BLOCK_DUR} and no accepted one for more than {@link #DAY}); a dropped entry
 *       behaves like an address never seen, as after the OSS console's {@code ib} clear;</li>
 *   <li>the ID set stores a keyed 64-bit hash per ID in a sorted {@code long[]} of at most
 *       {@value #MAX_IDS} + 1 slots, so a full entry costs about 2.5 KiB and the table at most
 *       {@code capacity} times that. The key is random per instance, so IDs cannot be chosen to
 *       collide with known ones; an accidental collision only lets one new ID pass as known.</li>
 * </ul>
 *
 * <p>Thread-safe (every method is {@code synchronized}); used by the store thread.
 */
final class IpBlocker {

    /** Window of the request counter: OSS {@code IP_BLOCK_DUR} (servers.md §5.16, §5.17). */
    static final Duration IP_BLOCK_DUR = Duration.ofSeconds(60);

    /** Window of the distinct-ID set: OSS {@code DAY_SECONDS} (servers.md §5.16, §5.17). */
    static final Duration DAY = Duration.ofSeconds(86_400);

    /** A request is refused when the counter already exceeds this (servers.md §5.16). */
    static final int MAX_COUNT = 30;

    /** New IDs are refused when the day's set holds more than this many (servers.md §5.16). */
    static final int MAX_IDS = 300;

    private static final long[] NO_IDS = new long[0];
    private static final int INITIAL_ID_SLOTS = 4;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Map<IpKey, Entry> entries;
    private final long hashKey;

    /** @param capacity most addresses tracked at once (least recently used dropped beyond) */
    IpBlocker(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1; got " + capacity);
        }
        this.entries = new LinkedHashMap<IpKey, IpBlocker.Entry>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<IpKey, IpBlocker.Entry> eldest) {
                return size() > capacity;
            }
        };
        this.hashKey = new SecureRandom().nextLong();
    }

    /**
     * Counts a RegisterPk from {@code ip} for {@code id}, as OSS does: a refusal by the counter
     * leaves the ID set alone; a refusal by the ID set has already used up a count.
     *
     * @return whether the request may proceed
     */
    synchronized boolean allow(IpKey ip, String id, long now) {
        Entry e = entries.get(ip);
        if (e == null) {
            entries.put(ip, new Entry(now));
            return true;
        }
        if (Elapsed.wholeSecondsOver(e.countNanos, now, IP_BLOCK_DUR)) {
            e.count = 0;
        } else if (e.count > MAX_COUNT) {
            return false;
        }
        e.count++;
        e.countNanos = now;
        long h = hash(id);
        boolean isNew = e.indexOf(h) < 0;
        if (Elapsed.wholeSecondsOver(e.idsNanos, now, DAY)) {
            e.clearIds();
        } else if (e.idCount > MAX_IDS) {
            return !isNew;
        }
        if (isNew) {
            e.add(h);
        }
        e.idsNanos = now;
        return true;
    }

    /** Drops entries whose windows are both over. */
    synchronized void prune(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (Elapsed.wholeSecondsOver(e.countNanos, now, IP_BLOCK_DUR)
                    && Elapsed.wholeSecondsOver(e.idsNanos, now, DAY)) {
                it.remove();
            }
        }
    }

    /** Console {@code ib <ip>}: {@code count/age s ids/age s} as OSS prints it, or empty. */
    synchronized java.util.Optional<String> describe(IpKey ip, long now) {
        Entry e = entries.get(ip);
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.count + "/"
                + (now - e.countNanos) / 1_000_000_000L + "s " + e.idCount + " ids/"
                + (now - e.idsNanos) / 1_000_000_000L + "s");
    }

    /** Console {@code ib <ip> -}. */
    synchronized boolean remove(IpKey ip) {
        return entries.remove(ip) != null;
    }

    /** @return number of addresses tracked */
    synchronized int size() {
        return entries.size();
    }

    /** Keyed FNV-1a over the UTF-16 units, then a 64-bit finaliser (MurmurHash3 fmix64). */
    private long hash(String id) {
        long h = hashKey;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ h >>> 33;
    }

    /** OSS {@code ((count, time), (ids, time))} for one address. */
    private static final class Entry {
        int count;
        long countNanos;
        /** Sorted hashes in {@code ids[0 .. idCount)}. */
        long[] ids = NO_IDS;
        int idCount;
        long idsNanos;

        Entry(long now) {
            countNanos = now;
            idsNanos = now;
        }

        int indexOf(long h) {
            return Arrays.binarySearch(ids, 0, idCount, h);
        }

        void add(long h) {
            int at = -indexOf(h) - 1;
            if (idCount == ids.length) {
                int slots = Math.min(Math.max(INITIAL_ID_SLOTS, ids.length * 2), MAX_IDS + 1);
                ids = Arrays.copyOf(ids, slots);
            }
            System.arraycopy(ids, at, ids, at + 1, idCount - at);
            ids[at] = h;
            idCount++;
        }

        void clearIds() {
            ids = NO_IDS;
            idCount = 0;
        }
    }
}
