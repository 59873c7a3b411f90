package io.jdesk.server.rendezvous;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The shared objects every connection handler of one rendezvous server uses. Built once by
 * {@link RendezvousServer}; two servers in one JVM have two of these.
 *
 * @param config the resolved configuration
 * @param registrar registration rules over the peer registry
 * @param broker punch brokering
 * @param pending requesters waiting for a device
 * @param deviceLinks devices registered over TCP/WS, by ID
 * @param store the blocking executor for store access
 * @param published the ConfigUpdate serial and rendezvous-server list
 */
record RendezvousServices(
        RendezvousConfig config,
        Registrar registrar,
        PunchBroker broker,
        PendingRequests pending,
        Map<String, ChannelLink> deviceLinks,
        Executor store,
        PublishedConfig published) {

    /** Largest OnlineRequest answered (OSS: unbounded, §12 item 11); the client asks for its address book. */
    static final int MAX_ONLINE_QUERY = 10_000;
}
