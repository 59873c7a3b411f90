package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.protocol.crypto.SigningKeyPair;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HbbsSettingsTest {

    @TempDir
    Path dir;

    private Fixture fixture() {
        return new Fixture(dir);
    }

    private SettingsException rejected(Fixture f) {
        try {
            f.hbbs();
        } catch (SettingsException e) {
            return e;
        }
        throw new AssertionError("settings were accepted");
    }

    static String secretKeyBase64() {
        return Base64.getEncoder().encodeToString(SigningKeyPair.generate().secretKey());
    }

    @Test
    void defaultsAreOssDefaults() {
        HbbsSettings s = fixture().hbbs();
        assertThat(s.port()).isEqualTo(21116);
        assertThat(s.natPort()).isEqualTo(21115);
        assertThat(s.wsPort()).isEqualTo(21118);
        assertThat(s.bind()).isEmpty();
        assertThat(s.key().value()).isEqualTo("-");
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.KEY_FILE);
        assertThat(s.relayServers()).isEmpty();
        assertThat(s.rendezvousServers()).isEmpty();
        assertThat(s.serial()).isZero();
        assertThat(s.softwareUrl()).isEmpty();
        assertThat(s.rmem()).isZero();
        assertThat(s.mask()).isEmpty();
        assertThat(s.localIp()).isEmpty();
        assertThat(s.alwaysUseRelay()).isFalse();
        assertThat(s.testHbbs()).isEqualTo(TestHbbsTarget.AUTO);
        assertThat(s.dbUrl()).isEqualTo("./db_v2.sqlite3");
        assertThat(s.maxDatabaseConnections()).isEqualTo(1);
        assertThat(s.jdesk().trustedProxies()).isEmpty();
        assertThat(s.jdesk().adminConsole()).isEqualTo(ConsoleMode.OFF);
        assertThat(s.jdesk().adminToken()).isEmpty();
        assertThat(s.jdesk().maxFrame()).isEqualTo(64 * 1024);
        assertThat(s.report().warnings()).isEmpty();
    }

    @Test
    void reportHasEveryCatalogueSettingInOrderWithItsOrigin() {
        HbbsSettings s = fixture().env("PORT", "4000").hbbs();
        assertThat(s.report().entries()).extracting(SettingsReport.Entry::name)
                .containsExactlyElementsOf(HbbsCatalogue.CATALOGUE.settings().stream().map(Setting::name).toList());
        assertThat(s.report().lines()).contains("PORT=4000 (environment variable PORT)", "DB_URL=./db_v2.sqlite3 (default)",
                "BIND=all interfaces (default)", "ALWAYS_USE_RELAY=N (default)");
    }

    @Test
    void typicalValuesParse() {
        HbbsSettings s = fixture().flag("bind", " 127.0.0.1 ").flag("relay-servers", "r1.example:21117, r2 ,[2001:db8::1]:21117,")
                .env("MASK", "192.168.0.0/16").env("LOCAL-IP", "192.168.1.2").env("ALWAYS_USE_RELAY", "y")
                .env("TEST_HBBS", "[::1]:21116").env("RMEM", "52428800").env("SERIAL", "-3")
                .env("JDESK_TRUSTED_PROXIES", "10.0.0.1, fd00::/8").hbbs();
        assertThat(s.bind()).contains(InetAddress.getLoopbackAddress());
        assertThat(s.relayServers()).containsExactly("r1.example:21117", "r2", "[2001:db8::1]:21117");
        assertThat(s.mask()).contains(Cidr.parse("192.168.0.0/16"));
        assertThat(s.localIp()).contains("192.168.1.2");
        assertThat(s.alwaysUseRelay()).isTrue();
        assertThat(s.testHbbs().mode()).isEqualTo(TestHbbsTarget.Mode.ADDRESS);
        assertThat(s.testHbbs()).hasToString("[0:0:0:0:0:0:0:1]:21116");
        assertThat(s.rmem()).isEqualTo(52428800);
        assertThat(s.serial()).isEqualTo(-3);
        assertThat(s.jdesk().trustedProxies()).containsExactly(Cidr.parse("10.0.0.1/32"), Cidr.parse("fd00::/8"));
    }

    @Test
    void emptyValuesFollowOss() {
        HbbsSettings s = fixture().dotEnv("KEY=\nRELAY-SERVERS=\nBIND=\nTEST_HBBS=\nRMEM=\nALWAYS_USE_RELAY=\n")
                .env("RELAY-SERVERS", "r1").env("RMEM", "5").hbbs();
        assertThat(s.key().kind()).as("KEY= disables the check").isEqualTo(KeyOption.Kind.NO_CHECK);
        assertThat(s.relayServers()).as("set, empty, not the environment's r1").isEmpty();
        assertThat(s.rmem()).isZero();
        assertThat(s.bind()).isEmpty();
        assertThat(s.testHbbs()).isEqualTo(TestHbbsTarget.AUTO);
        assertThat(s.alwaysUseRelay()).isFalse();
        assertThat(s.report().origin("RELAY-SERVERS").orElseThrow().source()).isEqualTo(Source.DOT_ENV);
    }

    @Test
    void sameIpLanDefaultsToTheOssBehaviourAndTakesYOrN() {
        assertThat(fixture().hbbs().sameIpLan()).isTrue();
        assertThat(fixture().env("JDESK_SAME_IP_LAN", "n").hbbs().sameIpLan()).isFalse();
        assertThat(fixture().env("jdesk-same-ip-lan", "Y").hbbs().sameIpLan()).isTrue();
        assertThatThrownBy(() -> fixture().env("JDESK_SAME_IP_LAN", "no").hbbs())
                .hasMessageContaining("JDESK_SAME_IP_LAN must be Y or N");
    }

    @Test
    void alwaysUseRelayIsCaseInsensitive() {
        assertThat(fixture().env("ALWAYS_USE_RELAY", "Y").hbbs().alwaysUseRelay()).isTrue();
        assertThat(fixture().env("ALWAYS_USE_RELAY", "n").hbbs().alwaysUseRelay()).isFalse();
    }

    @Test
    void testHbbsNoDisables() {
        assertThat(fixture().env("TEST_HBBS", "No").hbbs().testHbbs().mode()).isEqualTo(TestHbbsTarget.Mode.DISABLED);
        assertThat(fixture().env("TEST_HBBS", "127.0.0.1:21116").hbbs().testHbbs().address().orElseThrow().getPort())
                .isEqualTo(21116);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "PORT|1|PORT must be an integer 3..65533 because P-1 and P+2 are bound too; got \"1\"",
        "PORT|65534|PORT must be an integer 3..65533 because P-1 and P+2 are bound too; got \"65534\"",
        "PORT|'21116 '|PORT must be an integer 3..65533",
        "PORT|''|PORT must be an integer 3..65533 because P-1 and P+2 are bound too; got \"\"",
        "BIND|localhost|BIND must be an IPv4 or IPv6 address (no DNS name, no brackets): the value is not an IP address",
        "BIND|[::1]|BIND must be an IPv4 or IPv6 address",
        "BIND|10.0.0.256|BIND must be an IPv4 or IPv6 address",
        "RELAY-SERVERS|r1,::1,h:0,a b|RELAY-SERVERS must list host, host:port or [IPv6]:port entries separated by"
                + " commas; bad: \"::1\" is an IPv6 address without [brackets]:port, \"h:0\" has port 0 outside"
                + " 1..65535, \"a b\" is not a host name or IP address; got \"r1,::1,h:0,a b\"",
        "RENDEZVOUS-SERVERS|h:x|RENDEZVOUS-SERVERS must list host",
        "SERIAL|1.5|SERIAL must be an integer -2147483648..2147483647; got \"1.5\"",
        "RMEM|-1|RMEM must be an integer 0..2147483647; got \"-1\"",
        "MASK|10.0.0.0/33|MASK must be an IPv4 network such as 192.168.0.0/16: the value has a bad prefix length",
        "MASK|fd00::/8|MASK must be an IPv4 network such as 192.168.0.0/16, not IPv6; got \"fd00::/8\"",
        "LOCAL-IP|''|LOCAL-IP must not be empty (leave it unset to auto-detect); got \"\"",
        "ALWAYS_USE_RELAY|yes|ALWAYS_USE_RELAY must be Y or N; got \"yes\"",
        "TEST_HBBS|localhost:21116|TEST_HBBS must be empty (own listener), \"no\", or IP:PORT / [IPv6]:PORT",
        "TEST_HBBS|1.2.3.4|TEST_HBBS must be empty (own listener), \"no\", or IP:PORT / [IPv6]:PORT: the value has no :PORT",
        "TEST_HBBS|::1:21116|TEST_HBBS must be empty",
        "DB_URL|''|DB_URL must not be empty (leave it unset for ./db_v2.sqlite3); got \"\"",
        "MAX_DATABASE_CONNECTIONS|0|MAX_DATABASE_CONNECTIONS must be an integer 1..2147483647; got \"0\"",
        "JDESK_TRUSTED_PROXIES|10.0.0.0/8,proxy.lan|JDESK_TRUSTED_PROXIES must list IP addresses or CIDRs separated"
                + " by commas; bad: \"proxy.lan\" is not an IPv4 address",
        "JDESK_ADMIN_CONSOLE|on|JDESK_ADMIN_CONSOLE must be off, loopback or token; got \"on\"",
        "JDESK_MAX_FRAME|100|JDESK_MAX_FRAME must be an integer 1024..1073741823",
    })
    void everyViolationNamesKeyValueAndOrigin(String name, String value, String expected) {
        SettingsException e = rejected(fixture().env(name, value));
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0).key()).isEqualTo(name);
        assertThat(e.violations().get(0).message()).startsWith(expected)
                .contains("got \"" + value + "\"").endsWith("(environment variable " + name + ")");
    }

    @Test
    void allViolationsAreReportedTogetherInCatalogueOrder() {
        SettingsException e = rejected(fixture().flag("port", "2").dotEnv("BIND=::1::2\nRMEM=lots\n")
                .env("ALWAYS_USE_RELAY", "true").env("DB_URL", "").env("JDESK_MAX_FRAME", "0"));
        assertThat(e.violations()).extracting(Violation::key)
                .containsExactly("PORT", "BIND", "RMEM", "ALWAYS_USE_RELAY", "DB_URL", "JDESK_MAX_FRAME");
        assertThat(e.getMessage()).startsWith("Invalid settings (6 problems):")
                .contains("PORT must be an integer 3..65533 because P-1 and P+2 are bound too; got \"2\" (command line (port))")
                .contains("BIND must be an IPv4 or IPv6 address", "got \"::1::2\" (.env file " + dir.resolve(".env") + " line 1 (BIND))")
                .contains("RMEM must be an integer", "got \"lots\" (.env file " + dir.resolve(".env") + " line 2 (RMEM))");
    }

    @Test
    void secretKeyIsAcceptedAndNeverPrinted() {
        String secret = secretKeyBase64();
        HbbsSettings s = fixture().dotEnv("KEY=" + secret + "\n").hbbs();
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.SECRET_KEY);
        assertThat(s.key().value()).isEqualTo(secret);
        assertThat(s.toString()).doesNotContain(secret).contains("KEY=<secret key, redacted>");
        assertThat(s.key().toString()).doesNotContain(secret);
        assertThat(String.join("\n", s.report().lines())).doesNotContain(secret);
    }

    @Test
    void corruptedSecretKeyIsRejectedWithoutPrintingIt() {
        byte[] sk = Base64.getDecoder().decode(secretKeyBase64());
        sk[40] ^= 1;
        String corrupted = Base64.getEncoder().encodeToString(sk);
        SettingsException e = rejected(fixture().flag("key", corrupted).env("JDESK_ADMIN_TOKEN", "short"));
        assertThat(e.violations()).extracting(Violation::key).containsExactly("KEY", "JDESK_ADMIN_TOKEN");
        assertThat(e.getMessage()).doesNotContain(corrupted).doesNotContain("short")
                .contains("KEY is a 64-byte secret key whose bytes 32..63 are not the public key of its seed")
                .contains("got <redacted> (88 characters) (command line (key))")
                .contains("JDESK_ADMIN_TOKEN must be 16..256 characters without spaces or control characters; got <redacted> (5 characters)");
    }

    @Test
    void literalKeyAndLoneLocalIpAreWarnings() {
        HbbsSettings s = fixture().flag("key", "OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=").env("LOCAL-IP", "10.0.0.2").hbbs();
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.LITERAL);
        assertThat(s.report().warnings()).anySatisfy(w -> assertThat(w).startsWith("KEY is a literal"))
                .anySatisfy(w -> assertThat(w).startsWith("LOCAL-IP is set but MASK is not"));
    }

    @Test
    void underscoreKeyMeansKeyFile() {
        assertThat(fixture().flag("KEY", "_").hbbs().key().kind()).isEqualTo(KeyOption.Kind.KEY_FILE);
    }

    @Test
    void recordRefusesImpossiblePort() {
        HbbsSettings ok = fixture().hbbs();
        assertThatThrownBy(() -> new HbbsSettings(2, ok.bind(), ok.key(), ok.relayServers(), ok.rendezvousServers(),
                ok.serial(), ok.softwareUrl(), ok.rmem(), ok.mask(), ok.localIp(), ok.alwaysUseRelay(), ok.testHbbs(),
                ok.dbUrl(), ok.maxDatabaseConnections(), ok.jdesk(), ok.sameIpLan(), ok.report()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
