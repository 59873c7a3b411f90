package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The {@link PeerRegistry} as the listeners see it ({@link Registrar}) and as the punch broker
 * sees it ({@link PeerLookup}, without links: {@link RendezvousServer} adds those).
 */
public final class RegistryBridge implements Registrar, PeerLookup {

    private final PeerRegistry registry;
    private final MonotonicClock clock;

    public RegistryBridge(PeerRegistry registry, MonotonicClock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Optional<Boolean> onRegisterPeer(String id, InetSocketAddress source) {
        RegisterPeerResult r = registry.onRegisterPeer(id, source);
        return r.reply() ? Optional.of(r.requestPk()) : Optional.empty();
    }

    @Override
    public Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk,
            InetSocketAddress source) {
        RegisterPkResult r = registry.registerPk(id, uuid, pk, source);
        return r.reply() ? Optional.of(r.wire()) : Optional.empty();
    }

    @Override
    public void whenDurable(Runnable done, Runnable lost) {
        registry.whenDurable(done, lost);
    }

    @Override
    public void onDeviceLinkClosed(String id, InetSocketAddress linkAddress) {
        registry.markOffline(id, linkAddress);
    }

    @Override
    public byte[] onlineStates(List<String> ids) {
        return registry.onlineStates(ids);
    }

    @Override
    public Optional<Target> findInMemory(String id) {
        return registry.findInMemory(id).map(this::target);
    }

    @Override
    public Optional<Target> find(String id) {
        return registry.find(id).map(this::target);
    }

    private Target target(PeerSnapshot s) {
        return new Target(s.id(), s.pk(), s.address(), s.isOnline(clock.nanoTime()), null);
    }
}
