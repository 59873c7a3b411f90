package io.jdesk.peer.internal.rendezvous;

import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * A scripted hbbs for input the real one never sends: UDP and TCP on one loopback port, driven
 * step by step by the test. Every receive has a timeout, so a missing message fails the test.
 */
final class FakeHbbs implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    final DatagramSocket udp;
    final ServerSocket tcp;
    private SocketAddress device;

    private FakeHbbs(DatagramSocket udp, ServerSocket tcp) throws IOException {
        this.udp = udp;
        this.tcp = tcp;
        udp.setSoTimeout(TIMEOUT_MILLIS);
        tcp.setSoTimeout(TIMEOUT_MILLIS);
    }

    /** Binds TCP 127.0.0.1:0, then UDP on the port it got (another port when that one is taken). */
    static FakeHbbs start() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        while (true) {
            ServerSocket tcp = new ServerSocket(0, 50, lo);
            try {
                return new FakeHbbs(new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort())), tcp);
            } catch (IOException taken) {
                tcp.close();
            }
        }
    }

    String address() {
        return "127.0.0.1:" + tcp.getLocalPort();
    }

    /** The next datagram from the device, parsed; remembers the device's address. */
    RendezvousMessage receive() throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        device = p.getSocketAddress();
        return RendezvousMessage.parseFrom(Arrays.copyOf(buf, p.getLength()));
    }

    /** The next datagram of the given kind, skipping others (registration retries). */
    RendezvousMessage receive(RendezvousMessage.UnionCase kind) throws IOException {
        RendezvousMessage m;
        do {
            m = receive();
        } while (m.getUnionCase() != kind);
        return m;
    }

    void send(byte[] datagram) throws IOException {
        udp.send(new DatagramPacket(datagram, datagram.length, device));
    }

    void send(RendezvousMessage m) throws IOException {
        send(m.toByteArray());
    }

    /** The next TCP connection from the device. */
    FramedConnection accept() throws IOException {
        return new FramedConnection(tcp.accept());
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
