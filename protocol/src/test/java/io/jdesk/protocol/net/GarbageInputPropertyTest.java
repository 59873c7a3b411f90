package io.jdesk.protocol.net;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Strings from the wire or from configuration never make the helpers throw (except the bind parser). */
class GarbageInputPropertyTest {

    @Property
    void versionsNeverThrow(@ForAll String anything) {
        Versions.number(anything);
    }

    @Property
    void hostPortNeverThrows(@ForAll String anything, @ForAll int port) {
        HostPort.isIp(anything);
        HostPort.isDomainPort(anything);
        HostPort.checkPort(anything, port);
        HostPort.increasePort(anything, port);
        HostPort.splitHostPort(anything);
    }

    @Property
    void webSocketUrlsNeverThrow(@ForAll String endpoint, @ForAll String rendezvous, @ForAll String relay,
            @ForAll String api) {
        WebSocketUrls.toWebSocket(endpoint, new WebSocketUrls.ClientOptions(rendezvous, relay, api));
    }

    @Property
    void peerIdsNeverThrow(@ForAll String anything) {
        PeerIds.isValidUntrusted(anything);
        PeerIds.isValidRegistrationId(anything);
        PeerIds.isValidCustomId(anything);
    }
}
