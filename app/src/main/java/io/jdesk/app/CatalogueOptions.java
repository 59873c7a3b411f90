package io.jdesk.app;

import io.jdesk.server.config.Catalogue;
import io.jdesk.server.config.Setting;
import io.jdesk.server.config.SettingsSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command-line flags of a server command, generated from its settings catalogue so that
 * flag names, help text and defaults have one source ({@code HbbsCatalogue},
 * {@code HbbrCatalogue}, {@code JdeskCatalogue}). Values stay strings here; the settings layer
 * parses and validates them together with the config file, {@code .env} and environment.
 */
final class CatalogueOptions {

    private CatalogueOptions() {}

    /** Adds one option per flagged setting, plus {@code -c/--config} when {@code withConfig}. */
    static void addTo(CommandSpec spec, Catalogue catalogue, boolean withConfig) {
        if (withConfig) {
            spec.addOption(OptionSpec.builder("-c", "--config").paramLabel("FILE").type(String.class)
                    .description("INI file whose global section holds settings (below flags, above .env"
                            + " and the environment)").build());
        }
        for (Setting<?> s : catalogue.settings()) {
            List<String> names = new ArrayList<>();
            s.shortFlag().ifPresent(names::add);
            s.longFlag().ifPresent(names::add);
            if (names.isEmpty() || spec.findOption(names.get(names.size() - 1)) != null) {
                continue;
            }
            spec.addOption(OptionSpec.builder(names.toArray(String[]::new)).paramLabel("VALUE")
                    .type(String.class).description(s.doc() + " Setting " + s.name() + "; default: "
                            + s.defaultText() + ".").build());
        }
    }

    /**
     * Every settings layer for a command run in the current working directory: the flags it
     * was given, {@code --config}, {@code .env} there, and the process environment.
     */
    static SettingsSources sources(CommandSpec spec, Catalogue catalogue) {
        return SettingsSources.load(given(spec.commandLine().getParseResult(), catalogue), System.getenv(),
                workDir());
    }

    /** Where hbbs/hbbr keep their files: the process's working directory, as OSS. */
    static java.nio.file.Path workDir() {
        return java.nio.file.Path.of("").toAbsolutePath();
    }

    /** The flags the user gave, keyed by setting name ({@code CONFIG} for {@code --config}). */
    static Map<String, String> given(ParseResult parsed, Catalogue catalogue) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (parsed.hasMatchedOption("--config")) {
            flags.put(SettingsSources.CONFIG, parsed.matchedOptionValue("--config", ""));
        }
        for (Setting<?> s : catalogue.settings()) {
            s.longFlag().or(s::shortFlag).filter(parsed::hasMatchedOption)
                    .ifPresent(f -> flags.put(s.name(), parsed.matchedOptionValue(f, "")));
        }
        return flags;
    }
}
