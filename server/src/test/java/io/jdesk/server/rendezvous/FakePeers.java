package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal registry for transport tests: RegisterPk binds id → pk, RegisterPeer of a known id
 * from any address marks it online there. The OSS rules themselves are tested on PeerRegistry.
 */
final class FakePeers implements Registrar, PeerLookup {

    record Entry(byte[] pk, InetSocketAddress address, boolean online) {}

    final Map<String, Entry> peers = new ConcurrentHashMap<>();

    @Override
    public Optional<Boolean> onRegisterPeer(String id, InetSocketAddress source) {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Entry e = peers.get(id);
        if (e == null) {
            return Optional.of(true);
        }
        peers.put(id, new Entry(e.pk(), source, true));
        return Optional.of(false);
    }

    @Override
    public Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk,
            InetSocketAddress source) {
        if (uuid.length == 0 || pk.length == 0) {
            return Optional.empty();
        }
        peers.put(id, new Entry(pk, source, true));
        return Optional.of(RegisterPkResponse.Result.OK);
    }

    @Override
    public void onDeviceLinkClosed(String id, InetSocketAddress linkAddress) {
        peers.computeIfPresent(id, (k, e) -> linkAddress.equals(e.address()) ? new Entry(e.pk(), null, false) : e);
    }

    @Override
    public byte[] onlineStates(List<String> ids) {
        byte[] states = new byte[(ids.size() + 7) / 8];
        for (int i = 0; i < ids.size(); i++) {
            Entry e = peers.get(ids.get(i));
            if (e != null && e.online()) {
                states[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return states;
    }

    @Override
    public Optional<Target> findInMemory(String id) {
        Entry e = peers.get(id);
        return e == null ? Optional.empty() : Optional.of(new Target(id, e.pk(), e.address(), e.online(), null));
    }

    @Override
    public Optional<Target> find(String id) {
        return findInMemory(id);
    }

    void putOffline(String id, byte[] pk) {
        peers.put(id, new Entry(pk, null, false));
    }
}
