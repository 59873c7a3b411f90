package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HbbrSettingsTest {

    @TempDir
    Path dir;

    private Fixture fixture() {
        return new Fixture(dir);
    }

    private SettingsException rejected(Fixture f) {
        return catchThrowableOfType(SettingsException.class, f::hbbr);
    }

    @Test
    void defaultsAreOssDefaults() {
        HbbrSettings s = fixture().hbbr();
        assertThat(s.port()).isEqualTo(21117);
        assertThat(s.wsPort()).isEqualTo(21119);
        assertThat(s.bind()).isEmpty();
        assertThat(s.key().value()).isEmpty();
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.NO_CHECK);
        assertThat(s.totalBandwidth().bitsPerSecond()).isEqualTo(1024L * 1024 * 1024);
        assertThat(s.singleBandwidth().bitsPerSecond()).isEqualTo(128L * 1024 * 1024);
        assertThat(s.limitSpeed().bitsPerSecond()).isEqualTo(32L * 1024 * 1024);
        assertThat(s.downgradeThreshold()).isEqualTo(0.66);
        assertThat(s.downgradeStartCheck()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(s.jdesk().adminConsole()).isEqualTo(ConsoleMode.OFF);
        assertThat(s.report().lines()).contains("TOTAL_BANDWIDTH=1024Mb/s (default)", "SINGLE_BANDWIDTH=128Mb/s (default)",
                "LIMIT_SPEED=32Mb/s (default)", "DOWNGRADE_THRESHOLD=0.66 (default)", "DOWNGRADE_START_CHECK=1800s (default)");
        assertThat(s.report().entries()).extracting(SettingsReport.Entry::name)
                .containsExactlyElementsOf(HbbrCatalogue.CATALOGUE.settings().stream().map(Setting::name).toList());
    }

    @Test
    void unpairedConnectionsPerAddressDefaultTo1000AndMayBeRaised() {
        assertThat(fixture().hbbr().unpairedPerIp()).isEqualTo(1000);
        assertThat(fixture().env("JDESK_RELAY_UNPAIRED_PER_IP", "5000").hbbr().unpairedPerIp()).isEqualTo(5000);
        assertThatThrownBy(() -> fixture().env("JDESK_RELAY_UNPAIRED_PER_IP", "0").hbbr())
                .hasMessageContaining("JDESK_RELAY_UNPAIRED_PER_IP must be an integer 1..100000");
    }

    @Test
    void portFromEnvironmentOrFilesMeansPortPlusOne() {
        HbbrSettings s = fixture().env("PORT", "21116").hbbr();
        assertThat(s.port()).isEqualTo(21117);
        assertThat(s.report().lines()).contains("PORT=21117 (PORT 21116 + 1) (environment variable PORT)");
        assertThat(fixture().env("port", "30000").hbbr().port()).isEqualTo(30001);
        assertThat(fixture().dotEnv("PORT=40000\n").env("PORT", "1").hbbr().port()).isEqualTo(40001);
        assertThat(fixture().config("PORT=50000\n").hbbr().port()).isEqualTo(50001);
    }

    @Test
    void portFlagIsUsedAsGivenAndBeatsTheEnvironment() {
        assertThat(fixture().flag("port", "21116").hbbr().port()).isEqualTo(21116);
        assertThat(fixture().flag("PORT", "30000").env("PORT", "21116").dotEnv("PORT=1\n").hbbr().port()).isEqualTo(30000);
        assertThat(fixture().flag("port", "1").hbbr().port()).isEqualTo(1);
    }

    @Test
    void quirkBoundaries() {
        assertThat(fixture().env("PORT", "65532").hbbr().port()).isEqualTo(65533);
        assertThat(fixture().env("PORT", "1").hbbr().port()).isEqualTo(2);
        for (String bad : new String[] {"65533", "0", "-1", "abc", ""}) {
            SettingsException e = rejected(fixture().env("PORT", bad));
            assertThat(e.violations()).as(bad).singleElement().satisfies(v -> assertThat(v.message())
                    .startsWith("PORT must be an integer 1..65532 because hbbr listens on PORT+1 when PORT is not given"
                            + " as a flag (OSS quirk) and PORT+3 is bound too; got \"" + bad + "\" (environment variable PORT)"));
        }
        assertThat(rejected(fixture().flag("port", "65534")).getMessage())
                .contains("PORT must be an integer 1..65533 because R+2 is bound too; got \"65534\" (command line (port))");
        assertThat(rejected(fixture().flag("port", "0")).violations()).singleElement()
                .satisfies(v -> assertThat(v.key()).isEqualTo("PORT"));
    }

    @Test
    void bandwidthUsesOssUnits() {
        HbbrSettings s = fixture().env("TOTAL_BANDWIDTH", "0.5").env("SINGLE_BANDWIDTH", "1e1").env("LIMIT_SPEED", ".25")
                .env("DOWNGRADE_THRESHOLD", "0.9").env("DOWNGRADE_START_CHECK", "60").hbbr();
        assertThat(s.totalBandwidth().bitsPerSecond()).isEqualTo(524_288);
        assertThat(s.singleBandwidth().bitsPerSecond()).isEqualTo(10L * 1024 * 1024);
        assertThat(s.limitSpeed().bitsPerSecond()).isEqualTo(262_144);
        assertThat(s.totalBandwidth()).hasToString("0.5Mb/s");
        assertThat(s.downgradeThreshold()).isEqualTo(0.9);
        assertThat(s.downgradeStartCheck()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void emptyBandwidthMeansDefault() {
        HbbrSettings s = fixture().dotEnv("TOTAL_BANDWIDTH=\nDOWNGRADE_START_CHECK=\n").hbbr();
        assertThat(s.totalBandwidth().megabitsPerSecond()).isEqualTo(1024);
        assertThat(s.downgradeStartCheck()).isEqualTo(Duration.ofSeconds(1800));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "inf", "NaN", "5d", "1e400", "0x10", " 5", "1,5"})
    void badBandwidthIsRejectedWithNameAndValue(String value) {
        SettingsException e = rejected(fixture().env("SINGLE_BANDWIDTH", value));
        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).isEqualTo(
                "SINGLE_BANDWIDTH must be a number of Mb/s greater than 0 (1 Mb/s = 1024*1024 bit/s); got \""
                        + value + "\" (environment variable SINGLE_BANDWIDTH)"));
    }

    @Test
    void thresholdAndStartCheckViolations() {
        SettingsException e = rejected(fixture().env("DOWNGRADE_THRESHOLD", "0").env("DOWNGRADE_START_CHECK", "1.5")
                .env("LIMIT_SPEED", "-1").env("BIND", "relay.example"));
        assertThat(e.violations()).extracting(Violation::key)
                .containsExactly("BIND", "LIMIT_SPEED", "DOWNGRADE_THRESHOLD", "DOWNGRADE_START_CHECK");
        assertThat(e.getMessage()).contains("DOWNGRADE_THRESHOLD must be a number greater than 0; got \"0\"")
                .contains("DOWNGRADE_START_CHECK must be a whole number of seconds greater than 0; got \"1.5\"");
    }

    @Test
    void keyFileMarkerAndHbbsOnlyFlagWarning() {
        HbbrSettings s = fixture().flag("key", "-").flag("relay-servers", "x").dotEnv("DB_URL=./x\n").hbbr();
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.KEY_FILE);
        assertThat(s.report().warnings()).singleElement()
                .satisfies(w -> assertThat(w).contains("relay-servers is not a setting of hbbr"));
    }

    @Test
    void secretKeyNotInToString() {
        String secret = HbbsSettingsTest.secretKeyBase64();
        HbbrSettings s = fixture().env("KEY", secret).hbbr();
        assertThat(s.key().kind()).isEqualTo(KeyOption.Kind.SECRET_KEY);
        assertThat(s.toString()).doesNotContain(secret).contains("KEY=<secret key, redacted>");
    }
}
