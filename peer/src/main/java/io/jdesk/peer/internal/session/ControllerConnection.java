package io.jdesk.peer.internal.session;

import com.google.protobuf.ByteString;
import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.Display;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.KeyInput;
import io.jdesk.peer.MouseInput;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.peer.RemoteFile;
import io.jdesk.peer.RemotePeer;
import io.jdesk.peer.Session;
import io.jdesk.peer.SessionKind;
import io.jdesk.peer.SessionListener;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.internal.MessageSink;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.protocol.crypto.PasswordProof;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.dissect.ProtoJson;
import io.jdesk.protocol.proto.DisplayInfo;
import io.jdesk.protocol.proto.FileTransfer;
import io.jdesk.protocol.proto.Hash;
import io.jdesk.protocol.proto.LoginRequest;
import io.jdesk.protocol.proto.LoginResponse;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.Misc;
import io.jdesk.protocol.proto.OptionMessage;
import io.jdesk.protocol.proto.PeerInfo;
import io.jdesk.protocol.proto.SupportedDecoding;
import io.jdesk.protocol.proto.SupportedEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of one session (peer.md §5.2, §6.3, §7): handshake, login, then a reader
 * thread that hands events to the {@link SessionListener} and echoes the device's TestDelay.
 */
public final class ControllerConnection implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerConnection.class);
    /** Session idle limit (peer.md §7.2). */
    static final Duration IDLE = Duration.ofSeconds(30);

    /** Opens the file-transfer client of a FILE_TRANSFER session. */
    @FunctionalInterface
    public interface FilesFactory {
        RemoteFiles open(MessageSink out, String deviceVersion);
    }

    /** Who we are in LoginRequest. */
    public record Self(String myId, String myName, String version, String platform, Set<VideoCodec> decoders) {
    }

    private final String id;
    private final FramedStream stream;
    private final ConnectPath path;
    private final SessionKind kind;
    private final SessionListener listener;
    private final boolean encrypted;
    private final RemotePeer peer;
    private final RemoteFiles files;
    private volatile int lastDelayMillis;
    private volatile String closeReason;
    private final Thread reader;

    private ControllerConnection(String id, FramedStream stream, ConnectPath path, SessionKind kind,
            SessionListener listener, boolean encrypted, RemotePeer peer, FilesFactory files) {
        this.id = id;
        this.stream = stream;
        this.path = path;
        this.kind = kind;
        this.listener = listener;
        this.encrypted = encrypted;
        this.peer = peer;
        this.files = kind == SessionKind.FILE_TRANSFER ? files.open(stream::sendOrClose, peer.version()) : null;
        this.reader = new Thread(this::readLoop, "jdesk-session-" + id);
        this.reader.setDaemon(true);
    }

    /**
     * Runs the handshake and the login on {@code link}, then starts the session.
     *
     * @throws PeerException UNTRUSTED (signatures), WRONG_PASSWORD, LOGIN_REFUSED, PROTOCOL, NETWORK
     */
    public static ControllerConnection open(PeerLink link, String id, String password, SessionKind kind,
            SessionListener listener, VerifyKey serverKey, boolean insecure, Self self,
            FilesFactory files) throws PeerException {
        FramedStream stream;
        try {
            stream = new FramedStream(link.socket());
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Reset by the peer", e);
        }
        boolean ok = false;
        try {
            boolean encrypted = Handshake.controller(stream, link.signedPk(), serverKey, id, insecure);
            Hash hash = awaitHash(stream);
            stream.send(loginRequest(id, password, hash, kind, self));
            PeerInfo info = awaitLogin(stream);
            stream.sessionLimits();
            ControllerConnection c = new ControllerConnection(id, stream, link.path(), kind, listener, encrypted,
                    remotePeer(info), files);
            c.reader.start();
            ok = true;
            LOG.info("logged in to {} via {} ({})", id, link.path(), encrypted ? "encrypted" : "NOT encrypted");
            return c;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Reset by the peer", e);
        } finally {
            if (!ok) {
                try {
                    stream.send(Messages.closeReason(""));
                } catch (IOException | RuntimeException ignored) {
                    // closing anyway
                }
                stream.close();
            }
        }
    }

    private static Hash awaitHash(FramedStream stream) throws PeerException {
        while (true) {
            Message m = stream.read(Handshake.READ_TIMEOUT);
            switch (m.getUnionCase()) {
                case HASH -> {
                    return m.getHash();
                }
                case MISC -> closedByDevice(m.getMisc());
                case LOGIN_RESPONSE -> loginError(m.getLoginResponse());
                default -> LOG.debug("before Hash: {} ignored", m.getUnionCase());
            }
        }
    }

    private static PeerInfo awaitLogin(FramedStream stream) throws PeerException {
        while (true) {
            Message m = stream.read(Handshake.READ_TIMEOUT);
            switch (m.getUnionCase()) {
                case LOGIN_RESPONSE -> {
                    LoginResponse r = m.getLoginResponse();
                    if (r.getUnionCase() == LoginResponse.UnionCase.PEER_INFO) {
                        return r.getPeerInfo();
                    }
                    loginError(r);
                }
                case MISC -> closedByDevice(m.getMisc());
                case TEST_DELAY -> echo(stream, m);
                default -> LOG.debug("before LoginResponse: {} ignored", m.getUnionCase());
            }
        }
    }

    private static void echo(FramedStream stream, Message m) throws PeerException {
        try {
            stream.send(m);
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Reset by the peer", e);
        }
    }

    private static void loginError(LoginResponse r) throws PeerException {
        String error = r.getError();
        throw new PeerException(error.equals("Wrong Password") ? Reason.WRONG_PASSWORD : Reason.LOGIN_REFUSED,
                error.isEmpty() ? "Login Error" : error);
    }

    private static void closedByDevice(Misc misc) throws PeerException {
        if (misc.getUnionCase() == Misc.UnionCase.CLOSE_REASON) {
            throw new PeerException(Reason.CLOSED, misc.getCloseReason().isEmpty() ? "Closed by the peer"
                    : misc.getCloseReason());
        }
    }

    /** LoginRequest as the official controller builds it (peer.md §6.3). */
    static Message loginRequest(String id, String password, Hash hash, SessionKind kind, Self self) {
        LoginRequest.Builder lr = LoginRequest.newBuilder().setUsername(id).setMyId(self.myId())
                .setMyName(self.myName()).setSessionId(new SecureRandom().nextLong()).setVersion(self.version())
                .setMyPlatform(self.platform());
        if (password != null && !password.isEmpty()) {
            lr.setPassword(ByteString.copyFrom(PasswordProof.proof(PasswordProof.h1(password, hash.getSalt()),
                    hash.getChallenge())));
        }
        if (kind == SessionKind.FILE_TRANSFER) {
            lr.setFileTransfer(FileTransfer.newBuilder().setDir(""));
        } else {
            lr.setOption(OptionMessage.newBuilder().setSupportedDecoding(decoding(self.decoders())));
        }
        return Message.newBuilder().setLoginRequest(lr).build();
    }

    static SupportedDecoding decoding(Set<VideoCodec> decoders) {
        return SupportedDecoding.newBuilder()
                .setAbilityVp9(decoders.contains(VideoCodec.VP9) ? 1 : 0)
                .setAbilityVp8(decoders.contains(VideoCodec.VP8) ? 1 : 0)
                .setAbilityH264(decoders.contains(VideoCodec.H264) ? 1 : 0)
                .setAbilityH265(decoders.contains(VideoCodec.H265) ? 1 : 0)
                .setAbilityAv1(decoders.contains(VideoCodec.AV1) ? 1 : 0)
                .setPrefer(SupportedDecoding.PreferCodec.Auto).build();
    }

    static RemotePeer remotePeer(PeerInfo info) {
        List<Display> displays = new ArrayList<>();
        for (DisplayInfo d : info.getDisplaysList()) {
            if (d.getWidth() > 0 && d.getHeight() > 0) {
                displays.add(new Display(d.getName(), d.getX(), d.getY(), d.getWidth(), d.getHeight()));
            }
        }
        SupportedEncoding e = info.getEncoding();
        Set<VideoCodec> encodings = EnumSet.of(VideoCodec.VP9);
        if (e.getH264()) {
            encodings.add(VideoCodec.H264);
        }
        if (e.getH265()) {
            encodings.add(VideoCodec.H265);
        }
        if (e.getVp8()) {
            encodings.add(VideoCodec.VP8);
        }
        if (e.getAv1()) {
            encodings.add(VideoCodec.AV1);
        }
        return new RemotePeer(info.getUsername(), info.getHostname(), info.getPlatform(), info.getVersion(), displays,
                info.getCurrentDisplay(), encodings, ProtoJson.toJson(info));
    }

    private void readLoop() {
        try {
            while (!stream.isClosed()) {
                dispatch(stream.read(IDLE));
            }
        } catch (PeerException e) {
            if (closeReason == null) {
                closeReason = e.getMessage();
            }
        } catch (IOException | RuntimeException e) {
            if (closeReason == null) {
                closeReason = String.valueOf(e.getMessage());
            }
            LOG.warn("session with {} failed: {}", id, e.toString());
        } finally {
            stream.close();
            if (files != null) {
                files.close();
            }
            LOG.info("session with {} ended: {}", id, closeReason);
            listener.closed(closeReason);
        }
    }

    private void dispatch(Message m) throws IOException {
        switch (m.getUnionCase()) {
            case TEST_DELAY -> {
                if (!m.getTestDelay().getFromClient()) {
                    lastDelayMillis = m.getTestDelay().getLastDelay();
                    if (files != null) {
                        files.queue(m); // the reader never waits for a socket the file side fills
                    } else {
                        stream.send(m);
                    }
                }
            }
            case VIDEO_FRAME -> Messages.codecOf(m.getVideoFrame()).ifPresent(codec -> {
                for (EncodedFrame f : Messages.framesOf(m.getVideoFrame())) {
                    listener.videoFrame(codec, f, m.getVideoFrame().getDisplay());
                }
            });
            case AUDIO_FRAME -> listener.audioFrame(m.getAudioFrame().getData().toByteArray());
            case CURSOR_DATA -> listener.cursor(Messages.cursorOf(m.getCursorData()));
            case CURSOR_ID -> listener.cursorId(m.getCursorId());
            case CURSOR_POSITION -> listener.cursorPosition(m.getCursorPosition().getX(), m.getCursorPosition().getY());
            case CLIPBOARD, MULTI_CLIPBOARDS -> Messages.clipboardText(m).ifPresent(listener::clipboard);
            case FILE_RESPONSE -> {
                if (files != null) {
                    files.onResponse(m.getFileResponse());
                }
            }
            case FILE_ACTION -> {
                if (files != null) {
                    files.onAction(m.getFileAction());
                }
            }
            case MISC -> onMisc(m.getMisc());
            default -> LOG.debug("{}: {} ignored", id, m.getUnionCase());
        }
    }

    private void onMisc(Misc misc) {
        switch (misc.getUnionCase()) {
            case CLOSE_REASON -> {
                closeReason = misc.getCloseReason().isEmpty() ? "Closed by the peer" : misc.getCloseReason();
                stream.close();
            }
            case AUDIO_FORMAT -> listener.audioFormat(misc.getAudioFormat().getSampleRate(),
                    misc.getAudioFormat().getChannels());
            default -> LOG.debug("{}: misc {} ignored", id, misc.getUnionCase());
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public RemotePeer peer() {
        return peer;
    }

    @Override
    public ConnectPath path() {
        return path;
    }

    @Override
    public SessionKind kind() {
        return kind;
    }

    @Override
    public boolean encrypted() {
        return encrypted;
    }

    @Override
    public void mouse(MouseInput event) throws IOException {
        stream.send(Messages.mouse(event));
    }

    @Override
    public void key(KeyInput event) throws IOException {
        stream.send(Messages.key(event));
    }

    @Override
    public void clipboard(String text) throws IOException {
        stream.send(Messages.clipboard(text));
    }

    @Override
    public void refreshVideo() throws IOException {
        stream.send(Messages.refreshVideo());
    }

    @Override
    public int lastDelayMillis() {
        return lastDelayMillis;
    }

    @Override
    public boolean isOpen() {
        return !stream.isClosed();
    }

    private RemoteFiles files() throws PeerException {
        if (files == null) {
            throw new PeerException(Reason.PROTOCOL, "not a file-transfer session");
        }
        return files;
    }

    @Override
    public List<RemoteFile> list(String remotePath) throws IOException {
        return files().list(remotePath);
    }

    @Override
    public void download(String remotePath, Path local) throws IOException {
        files().download(remotePath, local);
    }

    @Override
    public void upload(Path local, String remotePath) throws IOException {
        files().upload(local, remotePath);
    }

    @Override
    public void close() {
        if (stream.isClosed()) {
            return;
        }
        closeReason = "Closed";
        try {
            stream.send(Messages.closeReason(""));
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        stream.close();
    }

    /** Waits until the reader thread ended (for tests and orderly shutdown). */
    public void awaitClosed(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }
}
