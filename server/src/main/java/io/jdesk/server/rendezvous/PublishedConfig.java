package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.ConfigUpdate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprecated ConfigUpdate mechanism (spec/servers.md §5.2 step 4, §5.9, §5.11): a serial and
 * a rendezvous-server list pushed to clients whose serial is older. Set at start from {@code -s}
 * and {@code -R}; a ConfigUpdate datagram from a loopback source with a newer serial replaces
 * both at runtime (OSS's local admin channel). Thread-safe.
 */
final class PublishedConfig {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedConfig.class);

    private final AtomicReference<ConfigUpdate> current;

    PublishedConfig(int serial, List<String> rendezvousServers) {
        current = new AtomicReference<>(ConfigUpdate.newBuilder().setSerial(serial)
                .addAllRendezvousServers(rendezvousServers).build());
    }

    /** What to push to a client reporting {@code clientSerial}, or null when it is up to date. */
    ConfigUpdate newerThan(int clientSerial) {
        ConfigUpdate c = current.get();
        return c.getSerial() > clientSerial ? c : null;
    }

    /** §5.11: adopt {@code update} when its serial is newer; entries must look like host[:port]. */
    boolean adopt(ConfigUpdate update) {
        ConfigUpdate c = current.get();
        if (update.getSerial() <= c.getSerial()) {
            return false;
        }
        List<String> servers = update.getRendezvousServersList().stream()
                .filter(s -> !s.isBlank() && s.matches("[\\w.\\-\\[\\]:]{1,255}")).toList();
        ConfigUpdate next = ConfigUpdate.newBuilder().setSerial(update.getSerial())
                .addAllRendezvousServers(servers).build();
        if (current.compareAndSet(c, next)) {
            LOG.info("configure updated: serial={} rendezvous-servers={}", next.getSerial(), servers);
            return true;
        }
        return false;
    }
}
