package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Registration as the listeners need it (spec/servers.md §5.2, §5.3, §5.10), implemented over
 * the peer registry by {@link RendezvousServer}.
 */
interface Registrar {

    /**
     * RegisterPeer: non-blocking, event loop.
     *
     * @return {@code request_pk} for the reply, or empty for "no reply" (empty id)
     */
    Optional<Boolean> onRegisterPeer(String id, InetSocketAddress source);

    /**
     * RegisterPk: BLOCKING (store access), run on the store executor only.
     *
     * @return the result to send, or empty for "no reply" (empty uuid or pk)
     */
    Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk,
            InetSocketAddress source);

    /**
     * A device's TCP/WS registration link closed: it is offline now, unless it has registered
     * from another address since (non-blocking, event loop).
     */
    void onDeviceLinkClosed(String id, InetSocketAddress linkAddress);

    /** OnlineResponse.states for {@code ids}: MSB-first bitmap of who is online now (memory only). */
    byte[] onlineStates(List<String> ids);
}
