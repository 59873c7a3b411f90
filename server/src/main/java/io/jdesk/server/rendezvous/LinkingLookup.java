package io.jdesk.server.rendezvous;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adds the way to reach a target to what the registry knows: a live TCP/WS registration link
 * wins (the device is online while it is connected); otherwise the device's registered UDP
 * address through the server's datagram socket.
 */
final class LinkingLookup implements PeerLookup {

    private final PeerLookup registry;
    private final Map<String, ChannelLink> deviceLinks;
    private final Supplier<Channel> udp;

    LinkingLookup(PeerLookup registry, Map<String, ChannelLink> deviceLinks, Supplier<Channel> udp) {
        this.registry = registry;
        this.deviceLinks = deviceLinks;
        this.udp = udp;
    }

    @Override
    public Optional<Target> findInMemory(String id) {
        return registry.findInMemory(id).map(this::withLink);
    }

    @Override
    public Optional<Target> find(String id) {
        return registry.find(id).map(this::withLink);
    }

    private Target withLink(Target t) {
        ChannelLink tcp = deviceLinks.get(t.id());
        if (tcp != null && tcp.isOpen()) {
            return new Target(t.id(), t.pk(), tcp.remote(), true, tcp);
        }
        Channel channel = udp.get();
        if (t.address() == null || t.address().getPort() == 0 || channel == null) {
            return new Target(t.id(), t.pk(), t.address(), false, null);
        }
        return new Target(t.id(), t.pk(), t.address(), t.online(), new UdpLink(channel, t.address()));
    }
}
