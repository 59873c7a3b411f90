package io.jdesk.server.rendezvous;

import io.jdesk.server.store.PeerStore;
import io.jdesk.server.store.StoreException;
import io.jdesk.server.store.StoredPeer;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hbbs peer map and the OSS registration rules: RegisterPeer (servers.md §5.2), RegisterPk
 * (§5.3), the online rule (§4), OnlineRequest states (§5.10), the RegisterPk rate limits
 * (§5.16) and the binding rules of the peer table (§8).
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>Event loops</b> (any number, concurrently): {@link #onRegisterPeer},
 *       {@link #findInMemory}, {@link #isOnline}, {@link #onlineStates}, {@link #size}. Memory
 *       only, never block, and allocate little (nothing per heartbeat from an unchanged
 *       address beyond the normalised IP key, which escape analysis usually removes).</li>
 *   <li><b>The store thread</b> (exactly one): {@link #registerPk} and {@link #prune}. They
 *       block on the {@link PeerStore}; running them on one thread serialises every change of
 *       a binding, as OSS's single task does.</li>
 *   <li><b>Blocking threads</b> (the store thread or another non-event-loop thread):
 *       {@link #find}, which may read the store.</li>
 * </ul>
 * The map is a {@link ConcurrentHashMap}; each entry publishes its disk binding as one immutable
 * object and moves its address by compare-and-set (see {@code Peer}), so event loops always see
 * a binding that is on disk and never undo an address a RegisterPk has just confirmed.
 *
 * <h2>Where jdesk differs from OSS</h2>
 * <ul>
 *   <li><b>Durable OK</b> (design.md rule 6): a RegisterPk that changes the binding answers OK
 *       only after the row is written; if the store fails it answers SERVER_ERROR and memory
 *       keeps the previous binding (OSS updates memory first, logs the error and answers OK).
 *       A store read failure also answers SERVER_ERROR, where OSS treats it as "new ID" and lets
 *       the caller bind it in memory. With group commit (the server's {@code StoreExecutor})
 *       "written" means "committed": the new binding reaches memory, and OK reaches the device,
 *       through {@link #whenDurable} after the batch's commit.</li>
 *   <li><b>IPs are compared as addresses</b>, normalised like {@code try_into_v4} (servers.md
 *       §4, {@code IpKey}); OSS compares strings. An {@code info.ip} written by OSS as
 *       {@code ::ffff:a.b.c.d} therefore equals the IPv4 client {@code a.b.c.d}: migrated
 *       devices see no IP change, and a device that also changed its key is not refused.
 *       jdesk writes the normalised text ({@code a.b.c.d}).</li>
 *   <li><b>"Never registered"</b> is an explicit marker for entries loaded from the store, not
 *       OSS's "now - 3600 s", which looks online shortly after boot (§8.5, §12 item 19).</li>
 *   <li><b>Entries exist only for rows on disk</b>: created when a row is loaded or inserted;
 *       a refused or failed RegisterPk leaves no empty entry behind.</li>
 *   <li><b>Bounded memory</b> (design.md rule 2; OSS never shrinks, §12 item 12): entries
 *       offline for longer than {@link Options#evictOfflineAfter} are dropped by
 *       {@link #prune} and reloaded on demand (the peer then answers one more RegisterPk, as
 *       after a restart); the per-IP and IP-change tables are capped and expire
 *       ({@code IpBlocker}, {@code IpChangeLog}).</li>
 *   <li><b>Logs</b> keep OSS's wording (§11.3) but show 8-hex-character SHA-256 fingerprints
 *       instead of uuid and pk bytes.</li>
 * </ul>
 */
public final class PeerRegistry {

    /** Online window: OSS {@code REG_TIMEOUT} = 30 000 ms (servers.md §4, §5.17). */
    public static final Duration REG_TIMEOUT = Duration.ofSeconds(30);

    /** Shortest ID accepted by RegisterPk, in UTF-8 bytes (servers.md §5.3 step 2). */
    public static final int MIN_ID_LENGTH = 6;

    /** RegisterPk requests accepted per peer and burst (servers.md §5.3 step 6, §5.16). */
    public static final int REGISTER_PK_BURST = 3;

    /** The per-peer burst restarts after more than this many whole seconds (§5.3 step 6). */
    public static final Duration REGISTER_PK_QUIET = Duration.ofSeconds(6);

    /** {@link #REG_TIMEOUT} in nanoseconds. */
    static final long REG_TIMEOUT_NANOS = REG_TIMEOUT.toNanos();

    private static final Logger log = LoggerFactory.getLogger(PeerRegistry.class);

    /**
     * Capacities and eviction.
     *
     * @param ipBlockerCapacity most source IPs tracked by the RegisterPk limit ({@code IpBlocker})
     * @param ipChangeCapacity most IDs tracked by the IP-change record ({@code IpChangeLog})
     * @param evictOfflineAfter an entry offline for longer than this leaves memory on
     *        {@link #prune} (it stays on disk)
     */
    public record Options(int ipBlockerCapacity, int ipChangeCapacity, Duration evictOfflineAfter) {

        /** 100 000 IPs, 100 000 IDs, evict after one hour offline. */
        public static final Options DEFAULTS = new Options(100_000, 100_000, Duration.ofHours(1));

        public Options {
            if (ipBlockerCapacity < 1) {
                throw new IllegalArgumentException("ipBlockerCapacity must be >= 1; got " + ipBlockerCapacity);
            }
            if (ipChangeCapacity < 1) {
                throw new IllegalArgumentException("ipChangeCapacity must be >= 1; got " + ipChangeCapacity);
            }
            if (evictOfflineAfter.isNegative() || evictOfflineAfter.isZero()) {
                throw new IllegalArgumentException("evictOfflineAfter must be positive; got " + evictOfflineAfter);
            }
        }
    }

    private final PeerStore store;
    private final MonotonicClock clock;
    private final long evictAfterNanos;
    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final IpBlocker ipBlocker;
    private final IpChangeLog ipChanges;
    private final SecureRandom random = new SecureRandom();

    /** A registry with {@link Options#DEFAULTS}. */
    public PeerRegistry(PeerStore store, MonotonicClock clock) {
        this(store, clock, Options.DEFAULTS);
    }

    /** A registry over {@code store}, starting empty (entries load on demand). */
    public PeerRegistry(PeerStore store, MonotonicClock clock, Options options) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.evictAfterNanos = options.evictOfflineAfter().toNanos();
        this.ipBlocker = new IpBlocker(options.ipBlockerCapacity());
        this.ipChanges = new IpChangeLog(options.ipChangeCapacity());
    }

    /**
     * RegisterPeer, servers.md §5.2 steps 1-3. Event loops; memory only; never blocks.
     *
     * @param source the UDP source (resolved, as Netty reports it)
     */
    public RegisterPeerResult onRegisterPeer(String id, InetSocketAddress source) {
        if (id.isEmpty()) {
            return RegisterPeerResult.IGNORE;
        }
        Peer peer = peers.get(id);
        if (peer == null) {
            return RegisterPeerResult.REQUEST_PK;
        }
        IpKey ip = IpKey.of(source.getAddress());
        int port = source.getPort();
        boolean loopback = ip.isLoopback();
        for (;;) {
            PeerAddress old = peer.address(); // before the binding: see Peer
            Binding bound = peer.binding();
            boolean knownAddress = old != null && old.port() != 0;
            boolean ipChange = !loopback && (knownAddress ? !old.sameIp(ip) : !bound.sameIp(ip));
            if (bound.pk().length == 0 || ipChange) {
                // OSS logs while the RegisterPk count of the current burst is at most 2
                if (ipChange && peer.regPkCount() < REGISTER_PK_BURST && log.isInfoEnabled()) {
                    log.info("IP change of {} from {} to {}", id,
                            knownAddress ? old : bound.ipText(), ip.withPort(port));
                }
                return RegisterPeerResult.REQUEST_PK;
            }
            long now = clock.nanoTime();
            if (old == null || !old.sameAs(ip, port)) {
                if (!peer.compareAndSetAddress(old, new PeerAddress(ip, port))) {
                    continue; // a RegisterPk or another heartbeat moved it: decide again
                }
            }
            peer.heartbeat(now);
            return RegisterPeerResult.REGISTERED;
        }
    }

    /**
     * The admin console's {@code ip-blocker} / {@code ip-changes} commands (spec/servers.md
     * §11.1): {@code ib} prunes and counts, {@code ib IP} shows an entry, {@code ib IP -} deletes
     * it; {@code ic} and {@code ic ID [-]} likewise. Listing entries by number (OSS
     * {@code ib N}) is not offered: IDs are kept only as hashes. Any thread.
     */
    public String consoleCommand(String[] words) {
        boolean blocker = words[0].equals("ib") || words[0].equals("ip-blocker");
        long now = clock.nanoTime();
        if (words.length == 1) {
            if (blocker) {
                ipBlocker.prune(now);
                return ipBlocker.size() + "\n";
            }
            ipChanges.prune(now);
            return ipChanges.size() + "\n";
        }
        boolean delete = words.length > 2 && words[2].equals("-");
        if (blocker) {
            IpKey ip = IpKey.parse(words[1]);
            if (ip == null) {
                return "not an IP address: " + words[1] + "\n";
            }
            if (delete) {
                return ipBlocker.remove(ip) ? "removed\n" : "not found\n";
            }
            return ipBlocker.describe(ip, now).orElse("not found") + "\n";
        }
        if (delete) {
            return ipChanges.remove(words[1]) ? "removed\n" : "not found\n";
        }
        return ipChanges.ipsOf(words[1]) + "\n";
    }

    /**
     * A device registered over TCP/WS lost that connection ({@code address} is the link's peer
     * address): it is offline now, unless it has since registered from another address.
     * Event loops; memory only.
     */
    public void markOffline(String id, InetSocketAddress address) {
        Peer peer = peers.get(id);
        PeerAddress current = peer == null ? null : peer.address();
        if (current != null && current.sameAs(IpKey.of(address.getAddress()), address.getPort())) {
            peer.offline();
        }
    }

    /**
     * RegisterPk over UDP, servers.md §5.3 steps 1-9, with jdesk's durable OK (see class doc).
     * Store thread only; blocks on the store.
     *
     * @param source the UDP source (resolved)
     */
    public RegisterPkResult registerPk(String id, byte[] uuid, byte[] pk, InetSocketAddress source) {
        if (uuid.length == 0 || pk.length == 0) {
            return RegisterPkResult.IGNORE;
        }
        if (utf8Length(id) < MIN_ID_LENGTH) {
            return RegisterPkResult.UUID_MISMATCH;
        }
        IpKey ip = IpKey.of(source.getAddress());
        long now = clock.nanoTime();
        if (!ipBlocker.allow(ip, id, now)) {
            return RegisterPkResult.TOO_FREQUENT;
        }
        Peer peer;
        try {
            peer = getOrLoad(id, now);
        } catch (StoreException e) {
            log.warn("registerPk({}) store read failed, answering SERVER_ERROR: {}", id, e.toString());
            return RegisterPkResult.SERVER_ERROR;
        }
        Ownership ownership = Ownership.decide(id, peer == null ? null : peer.binding(), uuid, pk, ip);
        if (ownership == Ownership.MISMATCH) {
            return RegisterPkResult.UUID_MISMATCH;
        }
        if (peer != null && !peer.tryCountRegisterPk(now, REGISTER_PK_BURST, REGISTER_PK_QUIET)) {
            return RegisterPkResult.TOO_FREQUENT;
        }
        if (ownership == Ownership.IP_CHANGED) {
            ipChanges.record(id, ip, now);
        }
        if (ownership == Ownership.SAME) {
            peer.touch(now); // OSS leaves address and time alone: online on the next RegisterPeer
            return RegisterPkResult.OK;
        }
        return persist(id, peer, uuid.clone(), pk.clone(), ip, new PeerAddress(ip, source.getPort()), now);
    }

    /** Step 8: write the row, then publish the change in memory; nothing changes if it fails. */
    private RegisterPkResult persist(String id, Peer peer, byte[] uuid, byte[] pk, IpKey ip,
            PeerAddress source, long now) {
        // OSS prints uuid and pk bytes here; jdesk prints SHA-256 fingerprints in their place:
        // the uuid identifies a machine and keys do not belong in logs (style.md habit 10).
        log.info("update_pk {} {} {} {}", id, source, Fingerprint.of(uuid), Fingerprint.of(pk));
        try {
            if (peer == null) {
                insert(id, uuid, pk, ip, source, now);
                return RegisterPkResult.OK;
            }
            Binding old = peer.binding();
            if (!store.update(old.guid(), id, pk, ip.toString())) {
                log.warn("update_pk {}: its row is gone from the store, answering SERVER_ERROR", id);
                peers.remove(id, peer); // memory follows the disk; the next RegisterPk claims anew
                return RegisterPkResult.SERVER_ERROR;
            }
            // uuid is never updated on disk (§8.2), so memory keeps the stored one
            Binding written = Binding.written(old.guid(), old.uuid(), pk, ip);
            store.whenDurable(() -> peer.written(written, source, now), () -> { });
            return RegisterPkResult.OK;
        } catch (StoreException e) {
            log.warn("update_pk {} not stored, answering SERVER_ERROR: {}", id, e.toString());
            return RegisterPkResult.SERVER_ERROR;
        }
    }

    private void insert(String id, byte[] uuid, byte[] pk, IpKey ip, PeerAddress source, long now) {
        byte[] guid = new byte[StoredPeer.GUID_BYTES];
        random.nextBytes(guid);
        store.insert(new StoredPeer(guid, id, uuid, pk, ip.toString()));
        Binding binding = Binding.written(guid, uuid, pk, ip);
        store.whenDurable(() -> {
            Peer raced = peers.putIfAbsent(id, Peer.inserted(binding, source, now));
            if (raced != null) {
                raced.written(binding, source, now); // a find() loaded the row just inserted
            }
        }, () -> { });
    }

    /**
     * Runs {@code done} once the writes of the current store task are durable, or {@code lost}
     * if its batch fails (see {@link PeerStore#whenDurable}). Store thread only.
     */
    public void whenDurable(Runnable done, Runnable lost) {
        store.whenDurable(done, lost);
    }

    /**
     * The peer from memory, else from the store (then kept in memory, offline, address
     * unknown). Blocking; not on event loops.
     *
     * @throws StoreException if the store cannot be read
     */
    public Optional<PeerSnapshot> find(String id) {
        Peer peer = getOrLoad(id, clock.nanoTime());
        return peer == null ? Optional.empty() : Optional.of(snapshot(id, peer));
    }

    /** The peer if it is in memory. Any thread; never blocks. */
    public Optional<PeerSnapshot> findInMemory(String id) {
        Peer peer = peers.get(id);
        return peer == null ? Optional.empty() : Optional.of(snapshot(id, peer));
    }

    /** Whether {@code id} is in memory and online (servers.md §4). Any thread; never blocks. */
    public boolean isOnline(String id) {
        Peer peer = peers.get(id);
        return peer != null && peer.isOnline(clock.nanoTime(), REG_TIMEOUT_NANOS);
    }

    /**
     * OnlineResponse {@code states} (servers.md §5.10): one bit per ID, most significant bit of
     * byte 0 first, set when the ID is in memory and online. The caller bounds the list. Any
     * thread; never blocks.
     */
    public byte[] onlineStates(List<String> ids) {
        byte[] states = new byte[(ids.size() + 7) / 8];
        long now = clock.nanoTime();
        int i = 0;
        for (String id : ids) {
            Peer peer = peers.get(id);
            if (peer != null && peer.isOnline(now, REG_TIMEOUT_NANOS)) {
                states[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
            i++;
        }
        return states;
    }

    /**
     * Expires the rate-limit and IP-change tables and drops entries offline for longer than
     * {@link Options#evictOfflineAfter}. Store thread; call periodically (every minute is
     * plenty); walks the whole map.
     *
     * @return number of entries evicted
     */
    public int prune() {
        long now = clock.nanoTime();
        ipBlocker.prune(now);
        ipChanges.prune(now);
        long limit = REG_TIMEOUT_NANOS + evictAfterNanos;
        int evicted = 0;
        for (Map.Entry<String, Peer> e : peers.entrySet()) {
            Peer peer = e.getValue();
            long seen = peer.lastActivityNanos();
            if (now - seen > limit && peers.remove(e.getKey(), peer)) {
                if (peer.lastActivityNanos() != seen) {
                    peers.putIfAbsent(e.getKey(), peer); // a heartbeat raced with the removal
                } else {
                    evicted++;
                }
            }
        }
        return evicted;
    }

    /** @return number of peers in memory. Any thread. */
    public int size() {
        return peers.size();
    }

    /** @return number of source IPs the RegisterPk limit tracks (metrics, tests) */
    int ipBlockerSize() {
        return ipBlocker.size();
    }

    /** @return IDs the IP-change record tracks (metrics, tests) */
    int ipChangeSize() {
        return ipChanges.size();
    }

    /** @return the IP changes recorded for {@code id} in its current window (console, tests) */
    Map<String, Integer> ipChangesOf(String id) {
        return ipChanges.ipsOf(id);
    }

    private Peer getOrLoad(String id, long now) {
        Peer peer = peers.get(id);
        if (peer != null) {
            return peer;
        }
        Optional<StoredPeer> row = store.find(id);
        if (row.isEmpty()) {
            return null;
        }
        Peer loaded = Peer.loaded(row.get(), now);
        Peer raced = peers.putIfAbsent(id, loaded);
        return raced != null ? raced : loaded;
    }

    private static PeerSnapshot snapshot(String id, Peer peer) {
        PeerAddress address = peer.address(); // before the binding: see Peer
        long lastReg = peer.lastRegNanos();
        Binding binding = peer.binding();
        return new PeerSnapshot(id, binding.pk(), address == null ? null : address.toSocketAddress(),
                lastReg, binding.ipText());
    }

    /** Rust's {@code str::len}: UTF-8 bytes, without encoding the string. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
