package io.jdesk.server.config;

import static io.jdesk.server.config.HbbrCatalogue.BIND;
import static io.jdesk.server.config.HbbrCatalogue.DOWNGRADE_START_CHECK;
import static io.jdesk.server.config.HbbrCatalogue.DOWNGRADE_THRESHOLD;
import static io.jdesk.server.config.HbbrCatalogue.KEY;
import static io.jdesk.server.config.HbbrCatalogue.LIMIT_SPEED;
import static io.jdesk.server.config.HbbrCatalogue.PORT;
import static io.jdesk.server.config.HbbrCatalogue.SINGLE_BANDWIDTH;
import static io.jdesk.server.config.HbbrCatalogue.TOTAL_BANDWIDTH;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated hbbr settings ({@link HbbrCatalogue}). Build with {@link #from}.
 *
 * <p>The PORT quirk (rustdesk-server {@code src/hbbr.rs}): only {@code -p} gives the relay
 * port directly. A {@code PORT} from {@code .env} or the environment (and, in jdesk, from a
 * config file shared with hbbs) is hbbs's port, and hbbr listens on PORT+1, so one
 * {@code PORT=21116} serves both. OSS ignores a non-numeric or non-positive PORT there;
 * jdesk refuses it.
 *
 * @param port relay port R (1..65533): TCP R, WebSocket R+2
 * @param bind listen address; empty = all interfaces
 * @param key the {@code -k} value, resolved later by {@code ServerKey.forRelay}
 * @param totalBandwidth limit shared by all relays
 * @param singleBandwidth limit per relayed pair
 * @param limitSpeed limit for downgraded or blacklisted pairs
 * @param downgradeThreshold fraction of {@code singleBandwidth} (e.g. 0.66) that triggers a downgrade
 * @param downgradeStartCheck relay age from which the downgrade test applies
 * @param jdesk jdesk-only settings
 * @param unpairedPerIp {@code JDESK_RELAY_UNPAIRED_PER_IP}: most waiting connections per IPv4 address or IPv6 /64
 * @param report effective values with their origins, and warnings, for the start-up log
 */
public record HbbrSettings(int port, Optional<InetAddress> bind, KeyOption key, Bandwidth totalBandwidth,
        Bandwidth singleBandwidth, Bandwidth limitSpeed, double downgradeThreshold, Duration downgradeStartCheck,
        JdeskSettings jdesk, int unpairedPerIp, SettingsReport report) {

    /** hbbr's port when PORT does not come from a flag: hbbs's port plus this (rustdesk-server hbbr.rs). */
    public static final int PORT_OFFSET_FROM_SHARED_PORT = 1;

    public HbbrSettings {
        if (port < 1 || port > HbbrCatalogue.MAX_PORT) {
            throw new IllegalArgumentException("port must be 1..65533, got " + port);
        }
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(totalBandwidth, "totalBandwidth");
        Objects.requireNonNull(singleBandwidth, "singleBandwidth");
        Objects.requireNonNull(limitSpeed, "limitSpeed");
        if (!(downgradeThreshold > 0) || Double.isInfinite(downgradeThreshold)) {
            throw new IllegalArgumentException("downgradeThreshold must be > 0, got " + downgradeThreshold);
        }
        if (downgradeStartCheck.isNegative() || downgradeStartCheck.isZero()) {
            throw new IllegalArgumentException("downgradeStartCheck must be > 0, got " + downgradeStartCheck);
        }
        Objects.requireNonNull(jdesk, "jdesk");
        Objects.requireNonNull(report, "report");
    }

    /**
     * Reads and validates every hbbr setting.
     *
     * @throws SettingsException listing every invalid value with its name, value and origin
     */
    public static HbbrSettings from(SettingsSources sources) {
        Resolver r = new Resolver(sources, HbbrCatalogue.CATALOGUE);
        int port = port(r);
        Optional<InetAddress> bind = r.get(BIND);
        KeyOption key = r.get(KEY);
        Bandwidth total = r.get(TOTAL_BANDWIDTH);
        Bandwidth single = r.get(SINGLE_BANDWIDTH);
        Bandwidth limit = r.get(LIMIT_SPEED);
        double threshold = r.get(DOWNGRADE_THRESHOLD);
        Duration startCheck = r.get(DOWNGRADE_START_CHECK);
        JdeskSettings jdesk = JdeskSettings.resolve(r);
        int unpairedPerIp = r.get(JdeskCatalogue.RELAY_UNPAIRED_PER_IP);
        SettingsReport report = r.finish();
        return new HbbrSettings(port, bind, key, total, single, limit, threshold, startCheck, jdesk, unpairedPerIp,
                report);
    }

    /** @return R+2: WebSocket */
    public int wsPort() {
        return port + 2;
    }

    /** @return the effective settings, one {@code NAME=value (origin)} per setting; no secret values */
    @Override
    public String toString() {
        return "HbbrSettings" + report.lines();
    }

    /** PORT from a flag as given; from anywhere else PORT+1 (the OSS quirk above). */
    private static int port(Resolver r) {
        Optional<RawValue> raw = r.raw(PORT);
        if (raw.isEmpty() || raw.get().origin().source() == Source.FLAG) {
            return r.get(PORT);
        }
        ValueParser<Integer> shared = Parsers.integer(1, HbbrCatalogue.MAX_PORT - PORT_OFFSET_FROM_SHARED_PORT,
                "hbbr listens on PORT+1 when PORT is not given as a flag (OSS quirk) and PORT+3 is bound too");
        try {
            int port = shared.parse(raw.get().text()) + PORT_OFFSET_FROM_SHARED_PORT;
            r.record(PORT, port + " (PORT " + raw.get().text() + " + 1)", raw.get().origin());
            return port;
        } catch (IllegalArgumentException e) {
            r.reject(Violation.of(PORT, e.getMessage(), raw.get()));
            return HbbrCatalogue.DEFAULT_PORT;
        }
    }
}
