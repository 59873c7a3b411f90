package io.jdesk.peer.internal.rendezvous;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Joining hbbr (peer.md §3.6, §4.5 {@code create_relay}): a TCP connection to the relay and one
 * RequestRelay frame on it; hbbr pairs the two sides that present the same uuid and then forwards
 * bytes blindly. The socket is returned right after the frame is written, before pairing: the
 * handshake's first frame may follow at once, hbbr buffers it.
 */
final class Relays {

    private Relays() {
    }

    /**
     * @param relay the relay as {@code host[:port]}, port 21117 when omitted
     * @param request the RequestRelay (licence_key and uuid at least)
     * @param closer tracks the socket while connecting, so a closing owner can abort; may be null
     */
    static Socket join(String relay, RequestRelay request, Duration timeout, Closer closer) throws IOException {
        InetSocketAddress address = Endpoints.resolve(relay, Endpoints.RELAY_PORT);
        Socket s = new Socket();
        if (closer != null) {
            closer.track(s);
        }
        try {
            s.connect(address, Sockets.millis(timeout));
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(FrameCodec.encode(RendezvousMessage.newBuilder().setRequestRelay(request).build().toByteArray()));
            out.flush();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        } finally {
            if (closer != null) {
                closer.release(s);
            }
        }
    }
}
