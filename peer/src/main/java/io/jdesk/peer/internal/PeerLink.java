package io.jdesk.peer.internal;

import io.jdesk.peer.ConnectPath;
import java.net.Socket;
import java.util.Objects;

/**
 * A connected TCP stream between the two peers, ready for the secure handshake of peer.md §5.
 * Whatever the path (direct, LAN or relay), the first bytes on it are the handshake's: for a
 * relay, the RequestRelay to hbbr has already been written.
 *
 * @param socket the connected socket; the receiver of a link owns it and closes it
 * @param path how it was established
 * @param secure device side: run the §5.1 handshake (false only for a controller-initiated relay
 *     whose RequestRelay said {@code secure = false}); controller side: always true
 * @param signedPk controller side: the server-signed {@code IdPk} from PunchHoleResponse.pk or
 *     RelayResponse.pk (empty when hbbs sent none); device side: empty
 */
public record PeerLink(Socket socket, ConnectPath path, boolean secure, byte[] signedPk) {

    public PeerLink {
        Objects.requireNonNull(socket);
        Objects.requireNonNull(path);
        signedPk = signedPk == null ? new byte[0] : signedPk.clone();
    }

    @Override
    public byte[] signedPk() {
        return signedPk.clone();
    }

    @Override
    public String toString() {
        return "PeerLink[" + path + " " + socket.getRemoteSocketAddress() + ", secure=" + secure
                + ", signedPk=" + signedPk.length + " bytes]";
    }
}
