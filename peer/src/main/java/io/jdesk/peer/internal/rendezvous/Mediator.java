package io.jdesk.peer.internal.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.internal.RegistrationIdentity;
import io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controlled device's side of hbbs (peer.md §2, §3): keeps our ID registered and answers the
 * connection requests hbbs forwards, handing every connected stream to the session layer as a
 * {@link PeerLink}.
 *
 * <p>Concurrency:
 * <ul>
 *   <li>One loop thread ({@code jdesk-rdv-mediator-<id>}) owns the registration socket: it
 *       resolves hbbs, runs a UDP or TCP registration run ({@link UdpRun}, {@link TcpRun}),
 *       and when a run ends starts the next one no sooner than {@link Timings#restartDelay()}
 *       after the previous start (§2.1).</li>
 *   <li>Each accepted PunchHole / FetchLocalAddr / RequestRelay runs on its own thread
 *       ({@code jdesk-rdv-incoming-<id>-<n>}), at most {@link Timings#maxIncoming()} at once;
 *       more are dropped with a log line. Repeats within 100 ms are dropped first (§3.2).</li>
 *   <li>A one-shot thread ({@code jdesk-rdv-nat-<id>}) runs the NAT test at a start while our
 *       NAT type is unknown.</li>
 *   <li>{@link #close()} closes every socket those threads block on and waits for the loop
 *       thread; all threads are daemons.</li>
 * </ul>
 * Malformed input from hbbs is logged and dropped; no thread dies of it.
 */
public final class Mediator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mediator.class);

    /** peer.md §2.2: the UDP socket is rebound at most once per this, when registrations go unanswered. */
    static final long REBIND_INTERVAL_MILLIS = 60_000;

    /** How long {@link #close()} waits for the loop thread. */
    private static final long JOIN_MILLIS = 5_000;

    /** What the loop does after a UDP run. */
    enum UdpOutcome { CLOSED, UNANSWERED }

    private final MediatorConfig config;
    private final RegistrationIdentity identity;
    private final RegistrationSchedule schedule;
    private final DuplicateFilter duplicates;
    private final DeviceRequests requests;
    private final Closer closer = new Closer();
    private final ThreadPoolExecutor workers;
    /** Waits of punched and LAN listeners (DeviceRequests caps them at maxIncoming). */
    private final ThreadPoolExecutor waiters;
    private final AtomicInteger workerCount = new AtomicInteger();
    private final AtomicBoolean natTestRunning = new AtomicBoolean();
    private final AtomicLong malformedDropped = new AtomicLong();
    private final AtomicLong duplicatesDropped = new AtomicLong();
    private final AtomicLong overloadDropped = new AtomicLong();
    private final Object wake = new Object();
    private volatile String id;
    private volatile NatType natType = NatType.UNKNOWN_NAT;
    private volatile int serial;
    private volatile InetSocketAddress hbbs;
    private volatile UdpRun udpRun;
    private volatile TcpRun tcpRun;
    private volatile boolean closed;
    private Thread loop;

    /**
     * @param config where and how to register
     * @param identity our ID, uuid and key pair; {@link RegistrationIdentity#replaceId()} is called
     *     at most once, on the first UUID_MISMATCH
     * @param incoming receives every connected stream, on an incoming thread; it owns the socket
     */
    public Mediator(MediatorConfig config, RegistrationIdentity identity, Consumer<PeerLink> incoming) {
        this.config = Objects.requireNonNull(config, "config");
        this.identity = Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(incoming, "incoming");
        this.id = identity.id();
        this.schedule = new RegistrationSchedule(config.timings());
        this.duplicates = new DuplicateFilter(config.timings().duplicateWindow().toMillis());
        // twice the listener slots: a slot is released just before its thread is idle again
        this.waiters = new ThreadPoolExecutor(0, 2 * config.timings().maxIncoming(), 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "jdesk-rdv-accept-" + id + "-" + workerCount.incrementAndGet()));
        this.requests = new DeviceRequests(config, () -> id, () -> natType, incoming, closer, waiters);
        this.workers = new ThreadPoolExecutor(0, config.timings().maxIncoming(), 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "jdesk-rdv-incoming-" + id + "-" + workerCount.incrementAndGet()));
    }

    /** Starts the registration loop. */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        loop = daemon(this::runLoop, "jdesk-rdv-mediator-" + id);
        loop.start();
    }

    /** Stops registering, aborts requests in progress and waits for the loop thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = loop;
        }
        closer.closeAll();
        workers.shutdownNow();
        waiters.shutdownNow();
        synchronized (wake) {
            wake.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Our current ID (it changes once if hbbs answers UUID_MISMATCH). */
    public String id() {
        return id;
    }

    /** Whether hbbs has confirmed our key and has recently answered or kept our link alive. */
    public boolean registered() {
        return schedule.registered(now());
    }

    /**
     * peer.md §5.1: a controller sent an empty PublicKey, so it could not verify our key; send
     * RegisterPk at the next tick.
     */
    public void reconfirmKey() {
        schedule.reconfirmKey();
    }

    /** The local address of the UDP registration socket, or null outside a UDP run. */
    public InetSocketAddress localUdpAddress() {
        UdpRun run = udpRun;
        return run == null ? null : run.localAddress();
    }

    /** Our NAT type as last measured (UNKNOWN_NAT until a NAT test succeeds). */
    public NatType natType() {
        return natType;
    }

    /** Whether a TCP registration link is up and encrypted by KeyExchange. */
    boolean tcpLinkSecured() {
        TcpRun run = tcpRun;
        return run != null && run.secured();
    }

    long malformedDropped() {
        return malformedDropped.get();
    }

    long duplicatesDropped() {
        return duplicatesDropped.get();
    }

    long overloadDropped() {
        return overloadDropped.get();
    }

    boolean isClosed() {
        return closed;
    }

    long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void runLoop() {
        boolean tcpNext = config.mode() == MediatorConfig.Mode.TCP;
        while (!closed) {
            long started = now();
            try {
                hbbs = Endpoints.resolve(config.server(), Endpoints.RENDEZVOUS_PORT);
                startNatTest(hbbs);
                if (tcpNext) {
                    TcpRun run = new TcpRun(this, schedule, config, closer);
                    tcpRun = run;
                    try {
                        run.run(hbbs);
                    } finally {
                        tcpRun = null;
                        tcpNext = config.mode() == MediatorConfig.Mode.TCP || run.registeredOnce();
                    }
                } else {
                    UdpRun run = new UdpRun(this, schedule, config, closer);
                    udpRun = run;
                    try {
                        if (run.run(hbbs) == UdpOutcome.UNANSWERED && config.mode() == MediatorConfig.Mode.AUTO) {
                            LOG.info("no answer from {} over UDP; registering over TCP next", hbbs);
                            tcpNext = true;
                        }
                    } finally {
                        udpRun = null;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("registration with {} ended: {}", config.server(), e.toString());
                }
            } finally {
                schedule.stop();
            }
            waitUntil(started + config.timings().restartDelay().toMillis());
        }
    }

    /** peer.md §2.1: never two starts within the restart delay. A timed wait, woken by close(). */
    private void waitUntil(long deadline) {
        synchronized (wake) {
            long remaining;
            while (!closed && (remaining = deadline - now()) > 0) {
                try {
                    wake.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void startNatTest(InetSocketAddress server) {
        if (!config.natTest() || natType != NatType.UNKNOWN_NAT || !natTestRunning.compareAndSet(false, true)) {
            return;
        }
        daemon(() -> {
            try {
                natType = NatTest.run(server, Endpoints.natPort(server), serial, config.timings(), closer);
            } finally {
                natTestRunning.set(false);
            }
        }, "jdesk-rdv-nat-" + id).start();
    }

    /** One message from hbbs, over UDP or the TCP link; {@code out} sends on the same transport. */
    void onMessage(RendezvousMessage m, Sender out) throws IOException {
        long now = now();
        switch (m.getUnionCase()) {
            case REGISTER_PEER_RESPONSE -> act(schedule.onRegisterPeerResponse(now,
                    m.getRegisterPeerResponse().getRequestPk()), out);
            case REGISTER_PK_RESPONSE -> {
                RegisterPkResponse r = m.getRegisterPkResponse();
                logRegisterPk(r.getResult());
                act(schedule.onRegisterPkResponse(now, r.getResult(), r.getKeepAlive()), out);
            }
            case PUNCH_HOLE -> dispatch(DuplicateFilter.Kind.PUNCH, m.getPunchHole().getSocketAddr(),
                    "PunchHole", server -> requests.onPunchHole(server, m.getPunchHole()));
            case FETCH_LOCAL_ADDR -> dispatch(DuplicateFilter.Kind.PUNCH, m.getFetchLocalAddr().getSocketAddr(),
                    "FetchLocalAddr", server -> requests.onFetchLocalAddr(server, m.getFetchLocalAddr()));
            case REQUEST_RELAY -> dispatch(DuplicateFilter.Kind.RELAY, m.getRequestRelay().getSocketAddr(),
                    "RequestRelay", server -> requests.onRequestRelay(server, m.getRequestRelay()));
            case CONFIGURE_UPDATE -> {
                serial = m.getConfigureUpdate().getSerial();
                LOG.info("ConfigUpdate: serial {}, rendezvous servers {}", serial,
                        m.getConfigureUpdate().getRendezvousServersList());
            }
            default -> LOG.debug("ignored {} from hbbs", m.getUnionCase());
        }
    }

    /** Carries out what the schedule decided. */
    void act(Action a, Sender out) throws IOException {
        switch (a) {
            case REGISTER_PK -> out.send(registerPk());
            case REGISTER_PEER -> out.send(RendezvousMessage.newBuilder()
                    .setRegisterPeer(RegisterPeer.newBuilder().setId(id).setSerial(serial)).build());
            case NEW_ID_AND_REGISTER_PK -> {
                String old = id;
                id = identity.replaceId();
                LOG.warn("hbbs answered UUID_MISMATCH for {}; registering the new ID {}", old, id);
                out.send(registerPk());
            }
            case RECONNECT -> throw new IOException("hbbs link dead: RegisterPk unanswered, or silent for 1.5 x"
                    + " keep-alive");
            case NONE -> { }
            default -> throw new IllegalStateException(a.toString());
        }
    }

    private RendezvousMessage registerPk() {
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFrom(identity.uuid()))
                .setPk(ByteString.copyFrom(identity.keyPair().publicKey()))).build();
    }

    private void logRegisterPk(RegisterPkResponse.Result r) {
        switch (r) {
            case OK -> LOG.debug("RegisterPk {} OK", id);
            case UUID_MISMATCH -> LOG.warn("RegisterPk {}: UUID_MISMATCH", id);
            default -> LOG.info("unknown RegisterPkResponse for {}: {}", id, r);
        }
    }

    /** A blocking request handler, given hbbs's address. */
    @FunctionalInterface
    private interface Request {
        void run(InetSocketAddress hbbs) throws IOException;
    }

    private void dispatch(DuplicateFilter.Kind kind, ByteString peerAddr, String what, Request request) {
        InetSocketAddress peer = AddrMangle.decode(peerAddr.toByteArray());
        InetSocketAddress server = hbbs;
        if (!duplicates.accept(kind, peer, now())) {
            duplicatesDropped.incrementAndGet();
            LOG.debug("dropped repeated {} for {}", what, peer);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    request.run(server);
                } catch (IOException | RuntimeException e) {
                    if (!closed) {
                        LOG.warn("{} for {} failed: {}", what, peer, e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            overloadDropped.incrementAndGet();
            LOG.warn("dropped {} for {}: {} requests already in progress", what, peer,
                    config.timings().maxIncoming());
        }
    }

    /** Requests a worker is handling right now (for tests). */
    int requestsInProgress() {
        return workers.getActiveCount();
    }

    void countMalformed() {
        malformedDropped.incrementAndGet();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Sends one message to hbbs on the run's transport. */
    @FunctionalInterface
    interface Sender {
        void send(RendezvousMessage m) throws IOException;
    }
}
