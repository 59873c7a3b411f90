package io.jdesk.server.rendezvous;

import io.jdesk.server.store.StoredPeer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One entry of the peer map (servers.md §4): the on-disk binding plus the live registration
 * state. Kept small because a million of them must fit in the heap budget (design.md).
 *
 * <p>Threads: {@link #binding} is written only by the store thread, after the row is on disk,
 * as one volatile write of an immutable {@link Binding}. {@link #address} is written by event
 * loops (RegisterPeer) with compare-and-set, and by the store thread (accepted RegisterPk) with a
 * plain volatile write; an event loop that decided on an address the store thread has since
 * replaced fails its CAS and decides again, so a heartbeat from the old IP can never overwrite
 * the address a RegisterPk just confirmed. {@link #lastRegNanos} is last-writer-wins.
 * The RegisterPk burst counter belongs to the store thread.
 */
final class Peer {

    private static final VarHandle ADDRESS;

    static {
        try {
            ADDRESS = MethodHandles.lookup().findVarHandle(Peer.class, "address", PeerAddress.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Binding binding;
    /** Last UDP source; {@code null} while unknown (loaded from the store, never registered). */
    private volatile PeerAddress address;
    /** Time of the last accepted registration, or {@link Elapsed#NEVER}. */
    private volatile long lastRegNanos;
    /** Time of the load or of the last accepted RegisterPk; used with lastRegNanos for eviction. */
    private volatile long touchedNanos;
    /** OSS {@code reg_pk.0}; written by the store thread, read by event loops for one log rule. */
    private volatile int regPkCount;
    /** OSS {@code reg_pk.1}; store thread only. */
    private long regPkNanos = Elapsed.NEVER;

    private Peer(Binding binding, PeerAddress address, long lastRegNanos, long touchedNanos) {
        this.binding = binding;
        this.address = address;
        this.lastRegNanos = lastRegNanos;
        this.touchedNanos = touchedNanos;
    }

    /** @return an entry for a row read from the store: offline, address unknown */
    static Peer loaded(StoredPeer row, long now) {
        return new Peer(Binding.of(row), null, Elapsed.NEVER, now);
    }

    /** @return an entry for a row just inserted by an accepted RegisterPk (its first count) */
    static Peer inserted(Binding binding, PeerAddress address, long now) {
        Peer peer = new Peer(binding, address, now, now);
        peer.regPkCount = 1;
        peer.regPkNanos = now;
        return peer;
    }

    Binding binding() {
        return binding;
    }

    PeerAddress address() {
        return address;
    }

    long lastRegNanos() {
        return lastRegNanos;
    }

    int regPkCount() {
        return regPkCount;
    }

    /** @return whether registered less than {@code regTimeoutNanos} before {@code now} */
    boolean isOnline(long now, long regTimeoutNanos) {
        return Elapsed.within(lastRegNanos, now, regTimeoutNanos);
    }

    /** Event loop: the address moves from {@code expected} to {@code update} unless it changed. */
    boolean compareAndSetAddress(PeerAddress expected, PeerAddress update) {
        return ADDRESS.compareAndSet(this, expected, update);
    }

    /** Event loop: the device's registration link closed; offline until it registers again. */
    void offline() {
        lastRegNanos = Elapsed.NEVER;
    }

    /** Event loop: an accepted RegisterPeer. */
    void heartbeat(long now) {
        lastRegNanos = now;
    }

    /** Store thread: the row was written; publish it, then the source address and time. */
    void written(Binding newBinding, PeerAddress source, long now) {
        binding = newBinding;
        address = source;
        lastRegNanos = now;
        touchedNanos = now;
    }

    /** Store thread: an accepted RegisterPk that changed nothing keeps the entry in memory. */
    void touch(long now) {
        touchedNanos = now;
    }

    /** @return the later of the last registration and the last load / RegisterPk */
    long lastActivityNanos() {
        long reg = lastRegNanos;
        long touched = touchedNanos;
        return reg == Elapsed.NEVER || touched - reg > 0 ? touched : reg;
    }

    /**
     * Store thread: the per-peer RegisterPk limit (servers.md §5.3 step 6): the count restarts
     * after more than {@code quiet} whole seconds; otherwise a request beyond {@code burst} in
     * the burst is refused and not counted.
     *
     * @return whether this RegisterPk may proceed (and was counted)
     */
    boolean tryCountRegisterPk(long now, int burst, Duration quiet) {
        int count = regPkCount;
        if (Elapsed.wholeSecondsOver(regPkNanos, now, quiet)) {
            count = 0;
        } else if (count >= burst) {
            return false;
        }
        regPkCount = count + 1;
        regPkNanos = now;
        return true;
    }
}
