package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {

    @TempDir
    Path dir;

    @Test
    void findMatchesAnySpelling() {
        assertThat(HbbsCatalogue.CATALOGUE.find("relay_servers")).containsSame(HbbsCatalogue.RELAY_SERVERS);
        assertThat(HbbsCatalogue.CATALOGUE.find("always-use-relay")).containsSame(HbbsCatalogue.ALWAYS_USE_RELAY);
        assertThat(HbbrCatalogue.CATALOGUE.find("Port")).containsSame(HbbrCatalogue.PORT);
        assertThat(HbbrCatalogue.CATALOGUE.find("DB_URL")).isEmpty();
    }

    @Test
    void duplicateNamesAreRefused() {
        Setting<String> a = Setting.builder("RELAY_SERVERS", Parsers.text()).defaultValue("", "").doc("").build();
        assertThatThrownBy(() -> new Catalogue("x", List.of(HbbsCatalogue.RELAY_SERVERS, a)))
                .hasMessageContaining("twice");
    }

    @Test
    void aliasesAreLookedUpAfterTheNameWithinEachLayer() {
        Setting<String> s = Setting.builder("NEW_NAME", Parsers.text()).aliases("OLD-NAME").defaultValue("d", "d")
                .doc("").build();
        SettingsSources sources = SettingsSources.load(Map.of("old_name", "flag"), Map.of("NEW_NAME", "env"), dir);
        assertThat(sources.lookup(s).orElseThrow().text()).as("a higher layer wins even under an alias").isEqualTo("flag");
        sources = SettingsSources.load(Map.of(), Map.of("NEW_NAME", "new", "old_name", "old"), dir);
        assertThat(sources.lookup(s).orElseThrow().text()).isEqualTo("new");
        assertThat(new Catalogue("x", List.of(s)).find("old-name")).containsSame(s);
    }

    @Test
    void jdeskOnlySettingsFollowTheNamingScheme() {
        List<Setting<?>> jdesk = Stream.of(JdeskCatalogue.ALL, JdeskCatalogue.HBBS_ONLY, JdeskCatalogue.HBBR_ONLY)
                .flatMap(List::stream).toList();
        for (Setting<?> s : jdesk) {
            assertThat(s.name()).startsWith("JDESK_");
            assertThat(s.jdeskOnly()).isTrue();
        }
        assertThat(HbbrCatalogue.CATALOGUE.settings()).doesNotContainAnyElementsOf(JdeskCatalogue.HBBS_ONLY);
        assertThat(HbbsCatalogue.CATALOGUE.settings()).doesNotContainAnyElementsOf(JdeskCatalogue.HBBR_ONLY);
        Stream.concat(HbbsCatalogue.CATALOGUE.settings().stream(), HbbrCatalogue.CATALOGUE.settings().stream())
                .filter(s -> !jdesk.contains(s))
                .forEach(s -> assertThat(s.jdeskOnly()).as(s.name()).isFalse());
    }

    @Test
    void ossFlagsAreKept() {
        assertThat(HbbsCatalogue.CATALOGUE.settings().stream().flatMap(s -> s.shortFlag().stream()))
                .containsExactlyInAnyOrder("-p", "-b", "-k", "-r", "-R", "-s", "-u", "-M");
        assertThat(HbbsCatalogue.MASK.longFlag()).contains("--mask");
        assertThat(HbbrCatalogue.CATALOGUE.settings().stream().flatMap(s -> s.shortFlag().stream()))
                .containsExactlyInAnyOrder("-p", "-b", "-k");
        assertThat(JdeskCatalogue.ADMIN_TOKEN.longFlag()).as("no secret on the command line").isEmpty();
    }

    @Test
    void referencePageListsEverySetting() throws IOException {
        Path page = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(page);
        Stream.concat(HbbsCatalogue.CATALOGUE.settings().stream(), HbbrCatalogue.CATALOGUE.settings().stream())
                .forEach(s -> {
                    assertThat(text).as(s.name()).contains("`" + s.name() + "`");
                    s.longFlag().ifPresent(flag -> assertThat(text).as(flag).contains(flag));
                });
    }
}
