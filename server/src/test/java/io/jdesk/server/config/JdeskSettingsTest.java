package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdeskSettingsTest {

    private static final String TOKEN = "correct-horse-battery-staple";

    @TempDir
    Path dir;

    @Test
    void tokenModeNeedsAToken() {
        SettingsException e = catchThrowableOfType(SettingsException.class,
                () -> new Fixture(dir).env("JDESK_ADMIN_CONSOLE", "TOKEN").hbbs());
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("JDESK_ADMIN_CONSOLE");
            assertThat(v.message()).isEqualTo("JDESK_ADMIN_CONSOLE is token, which needs JDESK_ADMIN_TOKEN, but that is"
                    + " not set; got \"TOKEN\" (environment variable JDESK_ADMIN_CONSOLE)");
        });
    }

    @Test
    void invalidTokenInTokenModeIsOneViolation() {
        SettingsException e = catchThrowableOfType(SettingsException.class, () -> new Fixture(dir)
                .env("JDESK_ADMIN_CONSOLE", "token").env("JDESK_ADMIN_TOKEN", "has a space in it!!").hbbr());
        assertThat(e.violations()).extracting(Violation::key).containsExactly("JDESK_ADMIN_TOKEN");
        assertThat(e.getMessage()).doesNotContain("has a space");
    }

    @Test
    void tokenIsUsableAndRedacted() {
        HbbsSettings s = new Fixture(dir).dotEnv("JDESK_ADMIN_CONSOLE=token\nJDESK_ADMIN_TOKEN=" + TOKEN + "\n").hbbs();
        Secret token = s.jdesk().adminToken().orElseThrow();
        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN + "x")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.reveal()).isEqualTo(TOKEN);
        assertThat(s.toString()).doesNotContain(TOKEN).contains("JDESK_ADMIN_TOKEN=<redacted>");
        assertThat(s.jdesk().toString()).doesNotContain(TOKEN);
    }

    @Test
    void unusedTokenIsAWarning() {
        HbbrSettings s = new Fixture(dir).env("JDESK_ADMIN_TOKEN", TOKEN).hbbr();
        assertThat(s.jdesk().adminConsole()).isEqualTo(ConsoleMode.OFF);
        assertThat(s.report().warnings()).singleElement()
                .satisfies(w -> assertThat(w).contains("JDESK_ADMIN_TOKEN is set but JDESK_ADMIN_CONSOLE is off"));
    }

    @Test
    void loopbackModeIsOptIn() {
        assertThat(new Fixture(dir).flag("jdesk-admin-console", "Loopback").hbbr().jdesk().adminConsole())
                .isEqualTo(ConsoleMode.LOOPBACK);
    }

    @Test
    void trustedProxiesMatchMappedAddresses() throws Exception {
        JdeskSettings j = new Fixture(dir).env("jdesk_trusted_proxies", "127.0.0.1, 10.0.0.0/8 ,::1").hbbs().jdesk();
        assertThat(j.isTrustedProxy(IpLiteral.toInetAddress("10.2.3.4"))).isTrue();
        assertThat(j.isTrustedProxy(Inet6Address.getByAddress(null, IpLiteral.parse("::ffff:127.0.0.1"), -1))).isTrue();
        assertThat(j.isTrustedProxy(IpLiteral.toInetAddress("::1"))).isTrue();
        assertThat(j.isTrustedProxy(IpLiteral.toInetAddress("192.168.1.1"))).isFalse();
    }

    @Test
    void maxFrameRange() {
        assertThat(new Fixture(dir).env("JDESK_MAX_FRAME", "1024").hbbs().jdesk().maxFrame()).isEqualTo(1024);
        assertThat(new Fixture(dir).env("JDESK_MAX_FRAME", "1073741823").hbbs().jdesk().maxFrame()).isEqualTo((1 << 30) - 1);
        assertThatThrownBy(() -> new Fixture(dir).env("JDESK_MAX_FRAME", "1073741824").hbbs())
                .hasMessageContaining("JDESK_MAX_FRAME must be an integer 1024..1073741823");
    }

    @Test
    void recordRefusesTokenModeWithoutToken() {
        assertThatThrownBy(() -> new JdeskSettings(List.of(), ConsoleMode.TOKEN, Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
