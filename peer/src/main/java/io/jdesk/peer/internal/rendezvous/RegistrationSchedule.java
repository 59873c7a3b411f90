package io.jdesk.peer.internal.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;

/**
 * When the device registers, as a pure state machine over a caller-supplied time in
 * milliseconds (peer.md §2.2-2.5). It opens no socket and reads no clock: the {@link Mediator}
 * feeds it ticks and answers and sends what it returns, and tests drive it with made-up times.
 *
 * <pre>
 * UDP tick (every {@code tick}; ticks closer than 0.9 × tick are skipped):
 *   expired = no answer yet, or the last answer is ≥ regInterval old
 *   timeout = a registration is outstanding for ≥ regTimeout          → fails += 1
 *   timeout, or (nothing outstanding and expired) → send RegisterPk (key not confirmed) or RegisterPeer
 * any answer: fails = 0, nothing outstanding
 *   RegisterPeerResponse{request_pk}     → key not confirmed, RegisterPk now
 *   RegisterPkResponse{OK}               → key confirmed, RegisterPeer now (publishes the address, §2.3)
 *   RegisterPkResponse{UUID_MISMATCH}    → first time only: new ID, RegisterPk now
 *   RegisterPkResponse{NOT_DEPLOYED}     → RegisterPk at most every deployRetry
 * TCP tick: RegisterPk every regInterval while the key is not confirmed, never RegisterPeer;
 *   silence for 1.5 × keep-alive → reconnect
 *   key confirmed: RegisterPeer every regInterval as a probe; no answer (any
 *   RegisterPkResponse / RegisterPeerResponse) within regTimeout → reconnect;
 *   RegisterPeerResponse{request_pk: true} (hbbs lost our key) → RegisterPk now
 * </pre>
 *
 * <p>The TCP probe is a jdesk choice beyond peer.md §2.5, which has the device send nothing once
 * its key is confirmed and notice a dead link only by 1.5 × keep-alive of silence (90 s; hbbs
 * heartbeats every 30 s). A link whose close never arrives (hbbs host restarted, a NAT or
 * firewall dropped the connection) would keep the device unreachable that long; with the probe
 * it is back within regInterval + regTimeout. The probe is RegisterPeer, which jdesk's hbbs
 * answers on a TCP/WS link from memory on its event loop; RegisterPk would count against OSS's
 * per-IP RegisterPk limit (30 a minute), which a few probing devices behind one NAT address
 * would exhaust. The probe is only sent to a server that has confirmed our key over this link
 * (only jdesk's hbbs registers over TCP; OSS closes the link), so it never makes a silent server
 * look dead.</p>
 *
 * Each start of the loop ({@link #start}) begins with the key unconfirmed, so a run's first
 * registration is a RegisterPk; the UUID_MISMATCH allowance lasts for the schedule's lifetime
 * (one schedule per server). Thread-safe: the loop thread drives it, other threads ask
 * {@link #registered} or call {@link #reconfirmKey}.
 */
final class RegistrationSchedule {

    /** What the caller must do now. */
    enum Action {
        NONE,
        REGISTER_PK,
        REGISTER_PEER,
        /** UUID_MISMATCH: replace our ID, then send RegisterPk with the new one. */
        NEW_ID_AND_REGISTER_PK,
        /** TCP mode: the link has been silent too long; drop it and start again. */
        RECONNECT
    }

    /** Which kind of run the schedule is timing. */
    enum Transport { UDP, TCP }

    /** Ticks closer than this fraction of the tick interval are skipped (peer.md §2.2: 0.9 s of 1 s). */
    private static final double TICK_THROTTLE = 0.9;

    /** Marks an instant that has not happened. */
    private static final long NEVER = Long.MIN_VALUE;

    private final long tick;
    private final long regInterval;
    private final long regTimeout;
    private final long defaultKeepAlive;
    private final long deployRetry;
    private final int fallbackAfter;

    private Transport transport = Transport.UDP;
    private boolean keyConfirmed;
    private boolean uuidMismatchHandled;
    private boolean notDeployed;
    private boolean registerNow;
    private long keepAlive;
    private long lastTick = NEVER;
    private long lastSent = NEVER;
    private long lastAnswer = NEVER;
    private long lastPkSent = NEVER;
    private long lastHeard = NEVER;
    /** TCP: when the outstanding probe (RegisterPeer after confirmation) was sent; NEVER if none. */
    private long probeSent = NEVER;
    /** TCP: when the last probe was sent, answered or not; NEVER if none this run. */
    private long lastProbe = NEVER;
    private int fails;

    RegistrationSchedule(Timings t) {
        tick = t.tick().toMillis();
        regInterval = t.regInterval().toMillis();
        regTimeout = t.regTimeout().toMillis();
        defaultKeepAlive = t.keepAlive().toMillis();
        deployRetry = t.deployRetry().toMillis();
        fallbackAfter = t.tcpFallbackAfter();
        keepAlive = defaultKeepAlive;
    }

    /** A new run of the loop over {@code tr} begins at {@code now}. */
    synchronized void start(Transport tr, long now) {
        transport = tr;
        keyConfirmed = false;
        registerNow = false;
        keepAlive = defaultKeepAlive;
        lastTick = NEVER;
        lastSent = NEVER;
        lastAnswer = NEVER;
        lastPkSent = NEVER;
        lastHeard = now;
        probeSent = NEVER;
        lastProbe = NEVER;
        fails = 0;
    }

    /** The run ended (link lost, socket closed): not registered until the next run confirms again. */
    synchronized void stop() {
        keyConfirmed = false;
        registerNow = false;
    }

    /** The loop's timer fired. */
    synchronized Action onTick(long now) {
        if (lastTick != NEVER && now - lastTick < tick * TICK_THROTTLE) {
            return Action.NONE;
        }
        lastTick = now;
        return transport == Transport.UDP ? udpTick(now) : tcpTick(now);
    }

    private Action udpTick(long now) {
        boolean expired = lastAnswer == NEVER || now - lastAnswer >= regInterval;
        boolean timeout = lastSent != NEVER && now - lastSent >= regTimeout;
        if (timeout) {
            fails++;
        }
        if (!timeout && !registerNow && (lastSent != NEVER || !expired)) {
            return Action.NONE;
        }
        Action a = keyConfirmed ? Action.REGISTER_PEER : registerPk(now);
        if (a != Action.NONE) {
            lastSent = now;
            registerNow = false;
        }
        return a;
    }

    private Action tcpTick(long now) {
        if (now - lastHeard >= keepAlive + keepAlive / 2) {
            return Action.RECONNECT;
        }
        boolean due = registerNow || lastPkSent == NEVER || now - lastPkSent >= regInterval;
        if (keyConfirmed) {
            if (probeSent != NEVER) {
                return now - probeSent >= regTimeout ? Action.RECONNECT : Action.NONE;
            }
            boolean probeDue = lastProbe == NEVER ? due : now - lastProbe >= regInterval;
            if (!probeDue) {
                return Action.NONE;
            }
            probeSent = now;
            lastProbe = now;
            return Action.REGISTER_PEER;
        }
        if (!due) {
            return Action.NONE;
        }
        registerNow = false;
        return registerPk(now);
    }

    /** RegisterPk, unless NOT_DEPLOYED throttles it. */
    private Action registerPk(long now) {
        if (notDeployed && lastPkSent != NEVER && now - lastPkSent < deployRetry) {
            return Action.NONE;
        }
        lastPkSent = now;
        return Action.REGISTER_PK;
    }

    /** TCP mode: any frame (heartbeats included) shows the link is alive. */
    synchronized void onHeard(long now) {
        lastHeard = now;
    }

    /** RegisterPeerResponse arrived. */
    synchronized Action onRegisterPeerResponse(long now, boolean requestPk) {
        answered(now);
        if (!requestPk) {
            return Action.NONE;
        }
        keyConfirmed = false;
        return sentNow(now, Action.REGISTER_PK);
    }

    /** RegisterPkResponse arrived; {@code keepAliveSeconds} is its keep_alive (0 = none). */
    synchronized Action onRegisterPkResponse(long now, RegisterPkResponse.Result result, int keepAliveSeconds) {
        answered(now);
        if (keepAliveSeconds > 0) {
            keepAlive = keepAliveSeconds * 1000L;
        }
        switch (result) {
            case OK -> {
                keyConfirmed = true;
                notDeployed = false;
                return transport == Transport.UDP ? sentNow(now, Action.REGISTER_PEER) : Action.NONE;
            }
            case UUID_MISMATCH -> {
                if (uuidMismatchHandled) {
                    return Action.NONE;
                }
                uuidMismatchHandled = true;
                keyConfirmed = false;
                return sentNow(now, Action.NEW_ID_AND_REGISTER_PK);
            }
            case NOT_DEPLOYED -> {
                keyConfirmed = false;
                notDeployed = true;
                return Action.NONE;
            }
            default -> {
                return Action.NONE;
            }
        }
    }

    private Action sentNow(long now, Action a) {
        if (transport == Transport.UDP) {
            lastSent = now;
        }
        if (a != Action.REGISTER_PEER) {
            lastPkSent = now;
        }
        return a;
    }

    private void answered(long now) {
        lastAnswer = now;
        lastHeard = now;
        lastSent = NEVER;
        probeSent = NEVER;
        fails = 0;
    }

    /** peer.md §5.1: a controller could not verify our key; RegisterPk on the next tick. */
    synchronized void reconfirmKey() {
        keyConfirmed = false;
        registerNow = true;
    }

    /** Whether hbbs has confirmed our key and recently answered (UDP) or kept the link alive (TCP). */
    synchronized boolean registered(long now) {
        if (!keyConfirmed) {
            return false;
        }
        return transport == Transport.UDP
                ? lastAnswer != NEVER && now - lastAnswer < 2 * regInterval
                : now - lastHeard < keepAlive + keepAlive / 2;
    }

    /** Consecutive unanswered registrations (UDP). */
    synchronized int fails() {
        return fails;
    }

    synchronized boolean keyConfirmed() {
        return keyConfirmed;
    }

    /** UDP: this many unanswered registrations in a row, the loop should restart or fall back to TCP. */
    synchronized boolean failing() {
        return transport == Transport.UDP && fails >= fallbackAfter;
    }
}
