package io.jdesk.server.rendezvous;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSS's relay reachability check (spec/servers.md §9.7): with more than one relay configured,
 * TCP-connect to each ({@code host:21117} when no port is given) and hand out only those that
 * answer; when none answers, keep the previous list. The probe sends nothing. Runs on its own
 * thread (it resolves names and blocks on connects), every {@link #INTERVAL}.
 */
final class RelayHealthCheck implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHealthCheck.class);

    /** OSS: every 3 s. */
    static final Duration INTERVAL = Duration.ofSeconds(3);
    /** OSS: 3 s connect timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Port of a relay entry written without one. */
    static final int DEFAULT_RELAY_PORT = 21117;

    private final RelaySelector relays;
    private final Duration timeout;

    RelayHealthCheck(RelaySelector relays, Duration timeout) {
        this.relays = relays;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        List<String> configured = relays.configured();
        if (configured.size() <= 1) {
            relays.setReachable(configured);
            return;
        }
        List<String> up = new ArrayList<>();
        for (String relay : configured) {
            if (reachable(relay)) {
                up.add(relay);
            }
        }
        if (!up.isEmpty() && !up.equals(relays.reachable())) {
            LOG.info("relay-servers reachable: {}", up);
        }
        if (!up.isEmpty()) {
            relays.setReachable(up);
        }
    }

    boolean reachable(String relay) {
        Optional<InetSocketAddress> target = target(relay);
        if (target.isEmpty() || target.get().isUnresolved()) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(target.get(), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal; resolves names. */
    static Optional<InetSocketAddress> target(String relay) {
        String s = relay.strip();
        String host = s;
        String port = "";
        if (s.startsWith("[") && s.indexOf(']') > 0) {
            host = s.substring(1, s.indexOf(']'));
            port = s.substring(s.indexOf(']') + 1).replaceFirst("^:", "");
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        try {
            int p = port.isEmpty() ? DEFAULT_RELAY_PORT : Integer.parseInt(port);
            return p > 0 && p <= 0xFFFF && !host.isEmpty()
                    ? Optional.of(new InetSocketAddress(host, p)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
