package io.jdesk.server.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The jdesk-only settings ({@link JdeskCatalogue}) as both processes use them.
 *
 * @param trustedProxies peers whose forwarding headers are believed; empty = nobody's
 * @param adminConsole whether and how the text console answers
 * @param adminToken the console token, required for {@link ConsoleMode#TOKEN}
 * @param maxFrame largest accepted frame or WebSocket message before pairing, in bytes
 */
public record JdeskSettings(List<Cidr> trustedProxies, ConsoleMode adminConsole, Optional<Secret> adminToken,
        int maxFrame) {

    public JdeskSettings {
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(adminConsole, "adminConsole");
        Objects.requireNonNull(adminToken, "adminToken");
        if (adminConsole == ConsoleMode.TOKEN && adminToken.isEmpty()) {
            throw new IllegalArgumentException("console mode token needs a token");
        }
    }

    /** @return who may use the admin console (hbbs P-1, hbbr R) */
    public io.jdesk.server.console.ConsolePolicy consolePolicy() {
        return new io.jdesk.server.console.ConsolePolicy(adminConsole != ConsoleMode.OFF,
                adminConsole == ConsoleMode.TOKEN ? adminToken.map(Secret::reveal) : Optional.empty());
    }

    /** @return whether {@code peer} may set the client address through X-Real-IP / X-Forwarded-For */
    public boolean isTrustedProxy(InetAddress peer) {
        return trustedProxies.stream().anyMatch(c -> c.contains(peer));
    }

    /** Resolves the jdesk-only settings and their cross-checks. */
    static JdeskSettings resolve(Resolver r) {
        List<Cidr> proxies = r.get(JdeskCatalogue.TRUSTED_PROXIES);
        ConsoleMode console = r.get(JdeskCatalogue.ADMIN_CONSOLE);
        Optional<Secret> token = r.get(JdeskCatalogue.ADMIN_TOKEN);
        int maxFrame = r.get(JdeskCatalogue.MAX_FRAME);
        boolean tokenGiven = r.raw(JdeskCatalogue.ADMIN_TOKEN).map(v -> !v.text().isEmpty()).orElse(false);
        if (console == ConsoleMode.TOKEN && !tokenGiven) {
            r.reject(Violation.of(JdeskCatalogue.ADMIN_CONSOLE, "is token, which needs " + JdeskCatalogue.ADMIN_TOKEN.name()
                    + ", but that is not set", r.raw(JdeskCatalogue.ADMIN_CONSOLE).orElseThrow()));
        }
        if (console != ConsoleMode.TOKEN && tokenGiven) {
            r.warn(JdeskCatalogue.ADMIN_TOKEN.name() + " is set but " + JdeskCatalogue.ADMIN_CONSOLE.name() + " is "
                    + console + ", so the token is not used");
        }
        // token mode without a (valid) token was rejected above; finish() throws, this record is discarded
        ConsoleMode usable = console == ConsoleMode.TOKEN && token.isEmpty() ? ConsoleMode.OFF : console;
        return new JdeskSettings(proxies, usable, token, maxFrame);
    }
}
