package io.jdesk.peer.internal.session;

import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.CursorImage;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.SessionInfo;
import io.jdesk.peer.SessionKind;
import io.jdesk.protocol.crypto.PasswordProof;
import io.jdesk.protocol.proto.Hash;
import io.jdesk.protocol.proto.LoginRequest;
import io.jdesk.protocol.proto.LoginResponse;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.Misc;
import io.jdesk.protocol.proto.PeerInfo;
import io.jdesk.protocol.proto.PermissionInfo;
import io.jdesk.protocol.proto.TestDelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's stream on the device side (peer.md §5.1, §6, §7): handshake, Hash, login
 * decisions, then the session. Runs on its own thread ({@link #run()}); media is written by a
 * second thread from a bounded queue so a slow controller drops video instead of stalling the
 * source. After login neither the reader nor the timer writes to the socket: TestDelay goes
 * through the session's writer (the media queue, or the file side's {@link Pump}), so a full
 * socket never stops reading, nor the timer that enforces the blocked-send limit.
 */
public final class DeviceConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
    /** Session idle limit (peer.md §7.2). */
    static final Duration IDLE = Duration.ofSeconds(30);
    /** SEND_TIMEOUT_VIDEO (peer.md §5.4). */
    static final Duration SEND_TIMEOUT = Duration.ofMillis(12_000);
    /** Messages queued for a slow controller before video is dropped (VIDEO_QUEUE_SIZE). */
    static final int MEDIA_QUEUE = 120;

    private final DeviceContext device;
    private final FramedStream stream;
    private final ConnectPath path;
    private final boolean secure;
    private final InetSocketAddress remote;
    private final String challenge = PasswordProof.newChallenge();
    private final BlockingQueue<byte[]> media = new ArrayBlockingQueue<>(MEDIA_QUEUE);
    private final Set<Long> cursorsSent = new HashSet<>();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long probeSentNanos; // 0: no probe outstanding
    private volatile int lastDelayMillis;
    private volatile boolean authorized;
    private volatile boolean needKeyFrame = true;
    private volatile SessionInfo info;
    private volatile String closeReason = "";
    private String scope; // the first LoginRequest's scope (peer.md §6.4 step 1)
    private FileSession files;
    /** The session's non-blocking writer (media queue or file pump), once it exists. */
    private volatile Queued queued;
    private ScheduledFuture<?> timer;
    private Thread mediaWriter;

    public DeviceConnection(DeviceContext device, FramedStream stream, ConnectPath path, boolean secure) {
        this.device = device;
        this.stream = stream;
        this.path = path;
        this.secure = secure;
        this.remote = (InetSocketAddress) stream.socket().getRemoteSocketAddress();
    }

    @Override
    public void run() {
        try {
            if (secure) {
                Handshake.DeviceOutcome outcome = Handshake.device(stream, device.keyPair(), device.id());
                if (outcome == Handshake.DeviceOutcome.UNVERIFIED) {
                    LOG.info("{}: the controller could not verify our key; registering it again", remote);
                    device.reconfirmKey();
                }
                if (outcome != Handshake.DeviceOutcome.ENCRYPTED) {
                    LOG.warn("{}: session without encryption ({})", remote, outcome);
                }
            }
            timer = device.scheduler().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
            stream.send(Message.newBuilder().setHash(Hash.newBuilder().setSalt(device.salt())
                    .setChallenge(challenge)).build());
            sendDisabledPermissions();
            while (!stream.isClosed()) {
                Message m = stream.read(Duration.ZERO);
                lastReceivedNanos = System.nanoTime();
                handle(m);
            }
        } catch (PeerException e) {
            if (closeReason.isEmpty()) {
                closeReason = e.getMessage();
            }
            LOG.debug("{}: {}", remote, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (closeReason.isEmpty()) {
                closeReason = String.valueOf(e.getMessage());
            }
            LOG.warn("{}: session failed: {}", remote, e.toString());
        } finally {
            shutdown();
        }
    }

    private void handle(Message m) throws IOException {
        switch (m.getUnionCase()) {
            case LOGIN_REQUEST -> onLogin(m.getLoginRequest());
            case TEST_DELAY -> onTestDelay(m.getTestDelay());
            case MISC -> onMisc(m.getMisc());
            default -> {
                if (authorized) {
                    onSessionMessage(m);
                }
            }
        }
    }

    // ---- login (peer.md §6.4, §6.5) ----

    private void onLogin(LoginRequest lr) throws IOException {
        if (authorized) {
            return;
        }
        SessionKind kind = switch (lr.getUnionCase()) {
            case FILE_TRANSFER -> SessionKind.FILE_TRANSFER;
            case UNION_NOT_SET -> SessionKind.REMOTE_DESKTOP;
            default -> null;
        };
        String thisScope = lr.getMyId() + "\u0000" + lr.getUnionCase() + "\u0000"
                + (kind == SessionKind.FILE_TRANSFER ? lr.getFileTransfer().getDir() : "");
        if (scope == null) {
            scope = thisScope;
        } else if (!scope.equals(thisScope)) {
            refuseAndClose("Connection not allowed");
            return;
        }
        if (kind == null) {
            refuseAndClose(switch (lr.getUnionCase()) {
                case VIEW_CAMERA -> "No permission of viewing camera";
                case TERMINAL -> "No permission of terminal";
                default -> "No permission of IP tunneling";
            });
            return;
        }
        if (kind == SessionKind.FILE_TRANSFER && !device.fileTransferEnabled()) {
            refuseAndClose("No permission of file transfer");
            return;
        }
        if (!lr.getUsername().equals(device.id())) {
            refuseAndClose("Offline");
            return;
        }
        InetAddress ip = remote.getAddress();
        if (lr.getPassword().isEmpty()) {
            // The official device asks its local user to accept; a headless device has nobody to
            // ask, so it tells the controller to prompt for a password.
            refuse("Empty Password");
            return;
        }
        var blocked = device.guard().blocked(ip);
        if (blocked.isPresent()) {
            refuse(blocked.get());
            return;
        }
        if (!device.guard().check(ip, device.salt(), challenge, lr.getPassword().toByteArray(),
                device.permanentH1().orElse(null))) {
            refuse("Wrong Password");
            return;
        }
        authorize(lr, kind);
    }

    private void refuse(String error) throws IOException {
        LOG.info("{}: login refused: {}", remote, error);
        device.listener().loginRefused(remote, error);
        stream.send(Message.newBuilder().setLoginResponse(LoginResponse.newBuilder().setError(error)).build());
    }

    private void refuseAndClose(String error) throws IOException {
        refuse(error);
        closeReason = error;
        stream.close();
    }

    private void authorize(LoginRequest lr, SessionKind kind) throws IOException {
        info = new SessionInfo(lr.getMyId(), lr.getMyName(), remote, path, kind);
        PeerInfo peerInfo = device.peerInfo();
        stream.send(Message.newBuilder().setLoginResponse(LoginResponse.newBuilder().setPeerInfo(peerInfo)).build());
        stream.sessionLimits();
        authorized = true;
        LOG.info("{}: {} logged in from {} ({}, {})", remote, lr.getMyId(), path, kind, lr.getVersion());
        device.listener().sessionStarted(info);
        if (kind == SessionKind.FILE_TRANSFER) {
            FileSession f = device.openFiles(stream::sendOrClose);
            files = f;
            queued = m -> {
                try {
                    f.queue(m);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            };
            f.start(lr.getFileTransfer(), lr.getVersion());
        } else {
            startMediaWriter();
            queued = m -> media.offer(m.toByteArray());
            device.join(this);
        }
    }

    private void sendDisabledPermissions() throws IOException {
        for (PermissionInfo.Permission p : device.disabledPermissions()) {
            stream.send(Messages.misc(Misc.newBuilder().setPermissionInfo(PermissionInfo.newBuilder()
                    .setPermission(p).setEnabled(false)).build()));
        }
    }

    // ---- session (peer.md §7) ----

    private void onTestDelay(TestDelay d) throws IOException {
        if (d.getFromClient()) {
            Queued q = queued;
            if (q != null) {
                q.offer(Messages.testDelay(d)); // dropped when the queue is full, as media is
            } else {
                stream.send(Messages.testDelay(d));
            }
        } else if (probeSentNanos != 0) {
            lastDelayMillis = (int) Math.min(Integer.MAX_VALUE,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeSentNanos));
            probeSentNanos = 0;
        }
    }

    private void onMisc(Misc misc) {
        switch (misc.getUnionCase()) {
            case CLOSE_REASON -> {
                closeReason = misc.getCloseReason().isEmpty() ? "Closed by the controller" : misc.getCloseReason();
                stream.close();
            }
            case REFRESH_VIDEO, REFRESH_VIDEO_DISPLAY -> {
                if (authorized) {
                    needKeyFrame = true;
                    device.requestKeyFrame();
                }
            }
            default -> LOG.debug("{}: misc {} ignored", remote, misc.getUnionCase());
        }
    }

    private void onSessionMessage(Message m) throws IOException {
        SessionInfo who = info;
        switch (m.getUnionCase()) {
            case MOUSE_EVENT -> {
                if (who.kind() == SessionKind.REMOTE_DESKTOP) {
                    device.input().mouse(who, Messages.mouseOf(m.getMouseEvent()));
                }
            }
            case KEY_EVENT -> {
                if (who.kind() == SessionKind.REMOTE_DESKTOP) {
                    device.input().key(who, Messages.keyOf(m.getKeyEvent()));
                }
            }
            case CLIPBOARD, MULTI_CLIPBOARDS -> {
                if (who.kind() == SessionKind.REMOTE_DESKTOP) {
                    Messages.clipboardText(m).ifPresent(text -> device.listener().clipboard(who, text));
                }
            }
            case FILE_ACTION -> {
                if (files != null) {
                    files.onAction(m.getFileAction());
                }
            }
            case FILE_RESPONSE -> {
                if (files != null) {
                    files.onResponse(m.getFileResponse());
                }
            }
            default -> LOG.debug("{}: {} ignored", remote, m.getUnionCase());
        }
    }

    /** Once a second: the TestDelay probe, the idle limit and the blocked-send limit. */
    private void tick() {
        try {
            if (System.nanoTime() - lastReceivedNanos > IDLE.toNanos()) {
                closeReason = "Timeout";
                stream.close();
                return;
            }
            if (stream.blockedWrite().compareTo(SEND_TIMEOUT) > 0) {
                closeReason = "Timeout (send blocked)";
                stream.close();
                return;
            }
            Queued q = queued;
            if (q != null && probeSentNanos == 0) {
                // queued, never written here: a blocked write on this shared timer thread would
                // stop every session's ticks, this limit included
                probeSentNanos = System.nanoTime() | 1;
                if (!q.offer(Messages.testDelay(TestDelay.newBuilder().setFromClient(false)
                        .setLastDelay(lastDelayMillis).build()))) {
                    probeSentNanos = 0; // queue full: try again at the next tick
                }
            }
        } catch (RuntimeException e) {
            stream.close();
        }
    }

    // ---- media, fed by the device's broadcast (any thread) ----

    /** A video frame for this session: dropped until the next key frame after an overflow. */
    public void offerVideo(byte[] message, boolean key) {
        if (needKeyFrame && !key) {
            return;
        }
        if (media.offer(message)) {
            needKeyFrame = false;
        } else {
            needKeyFrame = true;
            device.requestKeyFrame();
        }
    }

    /** Audio, cursor and clipboard: dropped when the queue is full. */
    public void offer(byte[] message) {
        media.offer(message);
    }

    /** A cursor shape: the image once per session, then its id. */
    public void offerCursor(CursorImage cursor, byte[] imageMessage) {
        boolean first;
        synchronized (cursorsSent) {
            first = cursorsSent.size() < 1024 && cursorsSent.add(cursor.id());
        }
        offer(first ? imageMessage : Messages.cursorId(cursor.id()).toByteArray());
    }

    /** A session writer's queue: takes a message without blocking, or refuses it. */
    @FunctionalInterface
    private interface Queued {
        boolean offer(Message m);
    }

    private void startMediaWriter() {
        mediaWriter = new Thread(() -> {
            try {
                while (!stream.isClosed()) {
                    byte[] next = media.poll(1, TimeUnit.SECONDS);
                    if (next != null) {
                        stream.sendPayload(next);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                stream.close();
            }
        }, "jdesk-device-media-" + remote);
        mediaWriter.setDaemon(true);
        mediaWriter.start();
    }

    /** Ends the session from the device side with {@code reason} (sent as Misc.close_reason). */
    public void close(String reason) {
        closeReason = reason;
        try {
            stream.send(Messages.closeReason(reason));
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        stream.close();
    }

    public SessionInfo info() {
        return info;
    }

    public boolean authorized() {
        return authorized;
    }

    public int lastDelayMillis() {
        return lastDelayMillis;
    }

    private void shutdown() {
        stream.close();
        if (timer != null) {
            timer.cancel(false);
        }
        if (mediaWriter != null) {
            mediaWriter.interrupt();
        }
        if (files != null) {
            files.close();
        }
        if (authorized) {
            device.leave(this);
            LOG.info("{}: session of {} ended: {}", remote, info.peerId(), closeReason);
            device.listener().sessionEnded(info, closeReason);
        }
    }
}
