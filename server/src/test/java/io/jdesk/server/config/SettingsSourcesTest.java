package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourcesTest {

    @TempDir
    Path dir;

    /** Each layer added on top of the lower ones must win; a fresh directory per step. */
    @Test
    void flagBeatsConfigBeatsDotEnvBeatsEnvironment() throws Exception {
        for (String name : new String[] {"RELAY-SERVERS", "SOFTWARE-URL", "DB_URL", "KEY"}) {
            Setting<?> setting = HbbsCatalogue.CATALOGUE.find(name).orElseThrow();
            assertThat(fresh(name, 1).env(name, "env").sources().lookup(setting).orElseThrow().text())
                    .isEqualTo("env");
            assertThat(fresh(name, 2).dotEnv(name + "=dotenv").env(name, "env").sources().lookup(setting)
                    .orElseThrow().text()).isEqualTo("dotenv");
            assertThat(fresh(name, 3).config(name + "=config").dotEnv(name + "=dotenv").env(name, "env").sources()
                    .lookup(setting).orElseThrow().text()).isEqualTo("config");
            assertThat(fresh(name, 4).flag(name, "flag").config(name + "=config").dotEnv(name + "=dotenv")
                    .env(name, "env").sources().lookup(setting).orElseThrow().text()).isEqualTo("flag");
        }
    }

    private Fixture fresh(String name, int step) throws Exception {
        return new Fixture(Files.createDirectories(dir.resolve(name + "-" + step)));
    }

    @Test
    void precedenceReachesTypedSettingsWithOrigins() {
        HbbsSettings s = new Fixture(dir)
                .flag("port", "30000")
                .config("PORT=1000\nRMEM=4096\n")
                .dotEnv("RMEM=1\nALWAYS_USE_RELAY=y\nMAX_DATABASE_CONNECTIONS=3\n")
                .env("ALWAYS_USE_RELAY", "N").env("MAX_DATABASE_CONNECTIONS", "9").env("SERIAL", "7")
                .hbbs();
        assertThat(s.port()).isEqualTo(30000);
        assertThat(s.rmem()).isEqualTo(4096);
        assertThat(s.alwaysUseRelay()).isTrue();
        assertThat(s.maxDatabaseConnections()).isEqualTo(3);
        assertThat(s.serial()).isEqualTo(7);
        assertThat(s.report().origin("PORT").orElseThrow().source()).isEqualTo(Source.FLAG);
        assertThat(s.report().origin("RMEM").orElseThrow()).satisfies(o -> {
            assertThat(o.source()).isEqualTo(Source.CONFIG_FILE);
            assertThat(o.line()).isEqualTo(2);
            assertThat(o.file()).contains(dir.resolve(Fixture.CONFIG_NAME));
        });
        assertThat(s.report().origin("ALWAYS_USE_RELAY").orElseThrow().source()).isEqualTo(Source.DOT_ENV);
        assertThat(s.report().origin("SERIAL").orElseThrow().source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(s.report().origin("DB_URL").orElseThrow().source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void namesMatchIgnoringCaseAndDashVersusUnderscore() {
        for (String spelling : new String[] {"relay_servers", "RELAY-SERVERS", "Relay_Servers", "relay-servers",
                "RELAY_SERVERS"}) {
            assertThat(new Fixture(dir).env(spelling, "r1").hbbs().relayServers()).as(spelling).containsExactly("r1");
            assertThat(new Fixture(dir).flag(spelling, "r2").hbbs().relayServers()).as(spelling).containsExactly("r2");
        }
        assertThat(new Fixture(dir).dotEnv("Relay_Servers=r3\n").hbbs().relayServers()).containsExactly("r3");
        assertThat(new Fixture(dir).config("always-use-relay=Y\n").hbbs().alwaysUseRelay()).isTrue();
    }

    @Test
    void environmentSpellingsAreRankedAsOss() {
        Map<String, String> env = Map.of("relay_servers", "lower_", "Relay-Servers", "mixed", "RELAY_SERVERS", "UPPER_",
                "relay-servers", "lower-");
        SettingsSources s = SettingsSources.load(Map.of(), env, dir);
        assertThat(s.lookup(HbbsCatalogue.RELAY_SERVERS).orElseThrow().text()).isEqualTo("UPPER_");
        assertThat(SettingsSources.load(Map.of(), Map.of("Relay-Servers", "b", "RELAY-servers", "a"), dir)
                .lookup(HbbsCatalogue.RELAY_SERVERS).orElseThrow().text()).as("alphabetically first").isEqualTo("a");
        assertThat(SettingsSources.load(Map.of(), Map.of("relay-servers", "d", "RELAY-SERVERS", "D"), dir)
                .lookup(HbbsCatalogue.RELAY_SERVERS).orElseThrow().text()).isEqualTo("D");
    }

    @Test
    void lastLineOfAFileWins() {
        assertThat(new Fixture(dir).dotEnv("PORT=1000\nport=2000\n").hbbs().port()).isEqualTo(2000);
    }

    @Test
    void emptyValueCountsAsSet() {
        Fixture f = new Fixture(dir).dotEnv("KEY=\n").env("KEY", "from-env");
        assertThat(f.sources().lookup(HbbsCatalogue.KEY).orElseThrow().text()).isEmpty();
        assertThat(f.hbbs().key().kind()).isEqualTo(KeyOption.Kind.NO_CHECK);
        assertThat(new Fixture(dir).flag("KEY", "").env("KEY", "x").hbbs().key().value()).isEmpty();
    }

    @Test
    void missingDotEnvIsFineMissingConfigIsNot() {
        assertThat(new Fixture(dir).hbbs().port()).isEqualTo(21116);
        assertThatThrownBy(() -> new Fixture(dir).flag("config", "nope.ini").sources())
                .isInstanceOf(SettingsException.class).hasMessageContaining("CONFIG file")
                .hasMessageContaining("nope.ini");
        assertThatThrownBy(() -> new Fixture(dir).flag("CONFIG", "").sources())
                .hasMessageContaining("CONFIG (--config) must name a file");
    }

    @Test
    void everyFileProblemIsReportedTogether() {
        Fixture f = new Fixture(dir).config("PORT=1\n  # indented\n").dotEnv("A=\"open\n");
        assertThatThrownBy(f::sources).isInstanceOfSatisfying(SettingsException.class, e -> {
            assertThat(e.violations()).extracting(Violation::key).containsExactly("CONFIG", ".env");
            assertThat(e.getMessage()).contains("jdesk.ini line 2: a comment").contains(".env file");
        });
    }

    @Test
    void invalidUtf8AndOversizedFilesAreRefused() throws Exception {
        Files.write(dir.resolve(".env"), new byte[] {'A', '=', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> new Fixture(dir).sources()).hasMessageContaining("not valid UTF-8");
        Files.write(dir.resolve(".env"), new byte[(int) SettingsSources.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> new Fixture(dir).sources()).hasMessageContaining("larger than");
    }

    @Test
    void dotEnvExportLinesWork() {
        assertThat(new Fixture(dir).dotEnv("export RELAY_SERVERS=r1\n").hbbs().relayServers()).containsExactly("r1");
    }

    @Test
    void unknownNamesInFilesAndFlagsAreWarnedNotFatal() {
        HbbsSettings s = new Fixture(dir).dotEnv("RELAY_SERVER=typo\nRUST_LOG=debug\nTOTAL_BANDWIDTH=10\n")
                .flag("nonsense", "1").hbbs();
        assertThat(s.report().warnings()).anySatisfy(w -> assertThat(w).contains("RELAY_SERVER is not a setting"))
                .anySatisfy(w -> assertThat(w).contains("nonsense is not a setting of hbbs"))
                .noneSatisfy(w -> assertThat(w).contains("RUST_LOG"))
                .noneSatisfy(w -> assertThat(w).contains("TOTAL_BANDWIDTH"));
    }

    @Test
    void builderWithoutLoadHelper() {
        SettingsSources s = SettingsSources.builder().environment(Map.of("PORT", "1")).flags(Map.of("PORT", "2"))
                .dotEnvFile(dir.resolve("absent")).build();
        assertThat(s.lookup(HbbsCatalogue.PORT).orElseThrow().text()).isEqualTo("2");
        assertThat(s.find(Source.ENVIRONMENT, "port").orElseThrow().text()).isEqualTo("1");
        assertThat(s.configFile()).isEmpty();
    }

    @Test
    void rawValueDoesNotPrintItsText() {
        RawValue raw = new RawValue("s3cret", ValueOrigin.of(Source.ENVIRONMENT, "JDESK_ADMIN_TOKEN"));
        assertThat(raw.toString()).doesNotContain("s3cret").contains("6 chars");
    }
}
