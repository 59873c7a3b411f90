package io.jdesk.server.fuzz;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.OnlineRequest;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.protocol.proto.TestNatRequest;
import io.jdesk.server.testing.WsPeer;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The well-formed client of a campaign, run every few hundred milliseconds while the listeners
 * are fuzzed. One round is what the official client does to get a session through the relay:
 *
 * <ol>
 *   <li><b>udp</b>: a device registers from a fresh loopback address (RegisterPk answered OK
 *       {@code 820100}, RegisterPeer answered {@code 3a00}), retrying up to 3 times a second
 *       apart as the client does;</li>
 *   <li><b>punch</b>: a controller on TCP P asks for the device (PunchHoleRequest with the key);
 *       the device gets the PunchHole for that controller's address, answers with a RelayResponse
 *       carrying its ID and a fresh uuid; the controller receives it with the device's key signed
 *       by the server (verified when the key is known);</li>
 *   <li><b>relay</b>: both connect to the relay with that uuid (the controller alternately over
 *       TCP and WebSocket) and each receives the other's 1 KiB intact;</li>
 *   <li><b>nat</b>: TestNatRequest on P-1 answers the controller's source port;</li>
 *   <li><b>ws</b>: OnlineRequest over WebSocket P+2 reports the device online.</li>
 * </ol>
 *
 * The device IDs come from a fixed list ({@link #victimIds}) that the fuzzer also aims its
 * forged answers and requests at; foreign PunchHoles reaching the device are ignored, as a real
 * device would ignore a connection attempt it cannot complete.
 */
final class Probe {

    static final int TIMEOUT_MILLIS = 3000;

    private final Targets targets;
    private final List<String> victimIds;
    private final VerifyKey serverKey;
    private final String tag;
    private final AtomicLong round = new AtomicLong();
    final LongAdder rounds = new LongAdder();
    final LongAdder failedRounds = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder foreignMessages = new LongAdder();
    /** Registration answers that came after the retry of their request had been answered. */
    final LongAdder lateAnswers = new LongAdder();
    final AtomicLong maxRoundMillis = new AtomicLong();
    private final Map<String, LongAdder> failuresByStep = new ConcurrentHashMap<>();
    private final List<String> failureSamples = new ArrayList<>();

    Probe(Targets targets, List<String> victimIds, long seed) {
        this.targets = targets;
        this.victimIds = victimIds;
        VerifyKey key = null;
        try {
            key = targets.licenceKey().isEmpty() ? null : VerifyKey.fromBase64(targets.licenceKey());
        } catch (RuntimeException notAKey) {
            // a relay-only key or none: the signature is then not checked
        }
        this.serverKey = key;
        this.tag = Long.toHexString(seed);
    }

    /** The device IDs of the probe for {@code seed}: fixed, so the fuzzer's inputs can name them. */
    static List<String> victimIds(long seed) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            ids.add("probe" + Long.toHexString(seed) + "d" + k);
        }
        return List.copyOf(ids);
    }

    /** One round; true when every step worked. Never throws. */
    boolean round() {
        long n = round.getAndIncrement();
        long start = System.nanoTime();
        String step = "udp";
        try {
            int k = (int) (n % victimIds.size());
            String id = victimIds.get(k);
            byte[] uuid = ("probe-uuid-" + tag + "-" + k).getBytes(StandardCharsets.US_ASCII);
            byte[] pk = sha256("probe-pk-" + tag + "-" + k);
            InetAddress deviceIp = InetAddress.getByAddress(new byte[] {127, 77, (byte) (n / 250 % 250), (byte) (n % 250 + 1)});
            try (DatagramSocket device = new DatagramSocket(new InetSocketAddress(deviceIp, 0))) {
                device.setSoTimeout(1000);
                expect("RegisterPk", udpExchange(device, RendezvousMessage.newBuilder().setRegisterPk(RegisterPk
                        .newBuilder().setId(id).setUuid(ByteString.copyFrom(uuid)).setPk(ByteString.copyFrom(pk)))
                        .build()), "820100");
                expect("RegisterPeer", udpExchange(device, RendezvousMessage.newBuilder()
                        .setRegisterPeer(RegisterPeer.newBuilder().setId(id)).build()), "3a00");

                step = "punch";
                String relayUuid = UUID.randomUUID().toString();
                try (Socket controller = new Socket()) {
                    controller.connect(targets.tcp(), TIMEOUT_MILLIS);
                    controller.setSoTimeout(TIMEOUT_MILLIS);
                    DataInputStream cin = new DataInputStream(controller.getInputStream());
                    RendezvousMessage first = null;
                    if (!targets.licenceKey().isEmpty()) {
                        first = readFrame(cin); // the KeyExchange greeting of a server with a key
                    }
                    if (first != null && !first.hasKeyExchange()) {
                        throw new IOException("expected the KeyExchange greeting, got " + first.getUnionCase());
                    }
                    writeFrame(controller, RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder()
                            .setId(id).setLicenceKey(targets.licenceKey()).setNatType(NatType.ASYMMETRIC)
                            .setVersion("1.4.9")).build());
                    InetSocketAddress me = (InetSocketAddress) controller.getLocalSocketAddress();
                    ByteString mangledController = awaitPunchHole(device, me);
                    try (Socket answer = new Socket()) {
                        answer.bind(new InetSocketAddress(deviceIp, 0));
                        answer.connect(targets.tcp(), TIMEOUT_MILLIS);
                        writeFrame(answer, RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                                .setSocketAddr(mangledController).setUuid(relayUuid)
                                .setRelayServer(targets.relay().getHostString() + ":" + targets.relay().getPort())
                                .setId(id).setVersion("1.4.9")).build());
                    }
                    RendezvousMessage reply = readFrame(cin);
                    if (!reply.hasRelayResponse() || !reply.getRelayResponse().getUuid().equals(relayUuid)) {
                        throw new IOException("expected our RelayResponse, got " + reply.getUnionCase());
                    }
                    checkSignedPk(reply.getRelayResponse().getPk(), id, pk);

                    step = "relay";
                    relay(relayUuid, id, n % 2 == 1);

                    step = "nat";
                    try (Socket nat = new Socket()) {
                        nat.connect(targets.nat(), TIMEOUT_MILLIS);
                        nat.setSoTimeout(TIMEOUT_MILLIS);
                        writeFrame(nat, RendezvousMessage.newBuilder().setTestNatRequest(TestNatRequest.newBuilder()).build());
                        int port = readFrame(new DataInputStream(nat.getInputStream())).getTestNatResponse().getPort();
                        if (port != nat.getLocalPort()) {
                            throw new IOException("TestNatResponse port " + port + ", expected " + nat.getLocalPort());
                        }
                    }

                    step = "ws";
                    try (WsPeer ws = new WsPeer(targets.ws(), "/ws/id", null)) {
                        ws.send(RendezvousMessage.newBuilder().setOnlineRequest(OnlineRequest.newBuilder().setId("probe")
                                .addPeers(id)).build());
                        ByteString states = ws.read().getOnlineResponse().getStates();
                        if (states.size() != 1 || (states.byteAt(0) & 0x80) == 0) {
                            throw new IOException("OnlineResponse does not show the device online: " + states);
                        }
                    }
                }
            }
            rounds.increment();
            ListenerStats.max(maxRoundMillis, (System.nanoTime() - start) / 1_000_000L);
            return true;
        } catch (Exception e) {
            rounds.increment();
            failedRounds.increment();
            failuresByStep.computeIfAbsent(step, s -> new LongAdder()).increment();
            synchronized (failureSamples) {
                if (failureSamples.size() < 20) {
                    failureSamples.add("round " + n + " step " + step + ": " + e);
                }
            }
            return false;
        }
    }

    private static void expect(String what, byte[] got, String hex) throws IOException {
        if (!HexFormat.of().formatHex(got).equals(hex)) {
            throw new IOException(what + " answered " + HexFormat.of().formatHex(got) + ", expected " + hex);
        }
    }

    /** Sends and waits for the answer, up to 3 times (the client re-sends after 3 s; here 1 s). */
    private byte[] udpExchange(DatagramSocket s, RendezvousMessage m) throws IOException {
        byte[] req = m.toByteArray();
        byte[] buf = new byte[2048];
        for (int attempt = 0; ; attempt++) {
            s.send(new DatagramPacket(req, req.length, targets.udp()));
            try {
                for (;;) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    byte[] d = Arrays.copyOf(buf, p.getLength());
                    RendezvousMessage r = RendezvousMessage.parseFrom(d);
                    if (m.hasRegisterPk() ? r.hasRegisterPkResponse() : r.hasRegisterPeerResponse()) {
                        return d;
                    }
                    if (r.hasRegisterPeerResponse() || r.hasRegisterPkResponse()) {
                        // the answer to an earlier attempt of the previous step, come after its retry
                        // was answered (a loaded machine): not this request's answer
                        lateAnswers.increment();
                        continue;
                    }
                    foreignMessages.increment(); // something for the device, from someone else's request
                }
            } catch (SocketTimeoutException e) {
                if (attempt == 2) {
                    throw new IOException("no answer to " + m.getUnionCase() + " in 3 attempts");
                }
                retries.increment();
            }
        }
    }

    /** The PunchHole for {@code controller}, ignoring those others caused; its socket_addr as sent. */
    private ByteString awaitPunchHole(DatagramSocket device, InetSocketAddress controller) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        byte[] buf = new byte[2048];
        while (System.nanoTime() < deadline) {
            device.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                device.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            RendezvousMessage m = RendezvousMessage.parseFrom(Arrays.copyOf(buf, p.getLength()));
            if (m.hasPunchHole() && controller.equals(AddrMangle.decode(m.getPunchHole().getSocketAddr().toByteArray()))) {
                return m.getPunchHole().getSocketAddr();
            }
            foreignMessages.increment();
        }
        throw new IOException("no PunchHole for " + controller + " within " + TIMEOUT_MILLIS + " ms");
    }

    private void checkSignedPk(ByteString signed, String id, byte[] pk) throws IOException {
        if (serverKey == null) {
            return;
        }
        byte[] idPk = serverKey.open(signed.toByteArray())
                .orElseThrow(() -> new IOException("the signed pk does not verify with the server key"));
        IdPk p = IdPk.parseFrom(idPk);
        if (!p.getId().equals(id) || !Arrays.equals(p.getPk().toByteArray(), pk)) {
            throw new IOException("the signed pk is not the device's: " + p.getId());
        }
    }

    /** Controller and device pair on the relay and swap 1 KiB each way. */
    private void relay(String uuid, String id, boolean controllerOnWebSocket) throws Exception {
        SplittableRandom r = new SplittableRandom(uuid.hashCode());
        byte[] fromController = new byte[1024];
        byte[] fromDevice = new byte[1024];
        r.nextBytes(fromController);
        r.nextBytes(fromDevice);
        RendezvousMessage controllerRequest = RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder()
                .setId(id).setUuid(uuid).setLicenceKey(targets.licenceKey())).build();
        RendezvousMessage deviceRequest = RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder()
                .setUuid(uuid).setLicenceKey(targets.licenceKey())).build();
        try (Socket device = new Socket()) {
            device.connect(targets.relay(), TIMEOUT_MILLIS);
            device.setSoTimeout(TIMEOUT_MILLIS);
            DataInputStream din = new DataInputStream(device.getInputStream());
            if (controllerOnWebSocket) {
                try (WsPeer controller = new WsPeer(targets.relayWs())) {
                    controller.send(controllerRequest);
                    device.getOutputStream().write(FrameCodec.encode(deviceRequest.toByteArray()));
                    controller.send(fromController);
                    device.getOutputStream().write(FrameCodec.encode(fromDevice));
                    compare("controller -> device", fromController, readPayload(din));
                    compare("device -> controller", fromDevice, controller.receive());
                }
            } else {
                try (Socket controller = new Socket()) {
                    controller.connect(targets.relay(), TIMEOUT_MILLIS);
                    controller.setSoTimeout(TIMEOUT_MILLIS);
                    controller.getOutputStream().write(FrameCodec.encode(controllerRequest.toByteArray()));
                    device.getOutputStream().write(FrameCodec.encode(deviceRequest.toByteArray()));
                    controller.getOutputStream().write(FrameCodec.encode(fromController));
                    device.getOutputStream().write(FrameCodec.encode(fromDevice));
                    compare("controller -> device", fromController, readPayload(din));
                    compare("device -> controller", fromDevice, readPayload(new DataInputStream(controller.getInputStream())));
                }
            }
        }
    }

    private static void compare(String what, byte[] sent, byte[] got) throws IOException {
        if (!Arrays.equals(sent, got)) {
            throw new IOException(what + ": " + (got == null ? "closed" : got.length + " other bytes"));
        }
    }

    static RendezvousMessage readFrame(DataInputStream in) throws IOException {
        return RendezvousMessage.parseFrom(readPayload(in));
    }

    static byte[] readPayload(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int header = b0;
        for (int i = 1; i <= (b0 & 3); i++) {
            header |= in.readUnsignedByte() << (8 * i);
        }
        int len = header >>> 2;
        if (len > 1 << 20) {
            throw new IOException("frame of " + len + " bytes");
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return payload;
    }

    static void writeFrame(Socket s, RendezvousMessage m) throws IOException {
        s.getOutputStream().write(FrameCodec.encode(m.toByteArray()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Long> failuresByStep() {
        Map<String, Long> m = new TreeMap<>();
        failuresByStep.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    List<String> failureSamples() {
        synchronized (failureSamples) {
            return List.copyOf(failureSamples);
        }
    }
}
