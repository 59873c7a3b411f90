package io.jdesk.server.relay;

import io.jdesk.protocol.codec.FrameCodec;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.SplittableRandom;

/**
 * A relay client in its own JVM for {@link RelayFaultTest}: connects to the relay on loopback
 * {@code args[0]}, sends the controller's RequestRelay with uuid {@code args[1]}, prints
 * {@code sent RequestRelay} and then writes random bytes until it is killed.
 */
public final class RelaySenderMain {

    private RelaySenderMain() {}

    public static void main(String[] args) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]))) {
            OutputStream out = s.getOutputStream();
            out.write(FrameCodec.encode(TcpPeer.controllerRequest(args[1], "").toByteArray()));
            out.flush();
            System.out.println("sent RequestRelay");
            System.out.flush();
            byte[] chunk = new byte[64 * 1024];
            new SplittableRandom(3).nextBytes(chunk);
            for (;;) {
                out.write(chunk);
            }
        }
    }
}
