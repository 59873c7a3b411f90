package io.jdesk.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves one catalogue against the sources, collecting every violation instead of stopping
 * at the first. Used once per {@code from(...)} call; not thread-safe.
 */
final class Resolver {

    /**
     * Names that appear in hbbs/hbbr {@code .env} files without being settings of the
     * processes (the log level, and the Docker s6 image's variables, servers.md §10.4); no
     * "unknown setting" warning for them.
     */
    private static final Set<String> KNOWN_NON_SETTINGS = Set.of("RUST-LOG", "JDESK-LOG-LEVEL", "JDESK-JAVA-OPTS",
            "ENCRYPTED-ONLY", "RELAY", "KEY-PUB", "KEY-PRIV");

    private final SettingsSources sources;
    private final Catalogue catalogue;
    private final List<Violation> violations = new ArrayList<>();
    private final List<SettingsReport.Entry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Resolver(SettingsSources sources, Catalogue catalogue) {
        this.sources = sources;
        this.catalogue = catalogue;
    }

    /** @return the setting's value, or its default after recording a violation */
    <T> T get(Setting<T> setting) {
        Optional<RawValue> raw = sources.lookup(setting);
        if (raw.isEmpty()) {
            record(setting, setting.defaultValue(), ValueOrigin.DEFAULT);
            return setting.defaultValue();
        }
        try {
            T value = setting.parse(raw.get().text());
            record(setting, value, raw.get().origin());
            return value;
        } catch (IllegalArgumentException e) {
            violations.add(Violation.of(setting, e.getMessage(), raw.get()));
            return setting.defaultValue();
        }
    }

    /** @return the winning raw value, for settings with special rules */
    Optional<RawValue> raw(Setting<?> setting) {
        return sources.lookup(setting);
    }

    /** Records a value resolved by special rules, shown as {@code shown}. */
    void record(Setting<?> setting, String shown, ValueOrigin origin) {
        entries.add(new SettingsReport.Entry(setting.name(), shown, origin));
    }

    void reject(Violation violation) {
        violations.add(violation);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    /**
     * @return the report
     * @throws SettingsException when anything was rejected
     */
    SettingsReport finish() {
        if (!violations.isEmpty()) {
            throw new SettingsException(violations);
        }
        warnUnknownNames();
        return new SettingsReport(entries, warnings);
    }

    private <T> void record(Setting<T> setting, T value, ValueOrigin origin) {
        record(setting, setting.format(value), origin);
    }

    private void warnUnknownNames() {
        for (RawValue flag : sources.entries(Source.FLAG)) {
            if (catalogue.find(flag.origin().spelledAs()).isEmpty()) {
                warnings.add(flag.origin() + ": " + flag.origin().spelledAs() + " is not a setting of "
                        + catalogue.process() + "; ignored");
            }
        }
        for (Source file : List.of(Source.CONFIG_FILE, Source.DOT_ENV)) {
            for (RawValue entry : sources.entries(file)) {
                String name = entry.origin().spelledAs();
                if (!Catalogue.knownToAnyProcess(name) && !KNOWN_NON_SETTINGS.contains(SettingName.key(name))) {
                    warnings.add(entry.origin() + ": " + name + " is not a setting of hbbs or hbbr; ignored");
                }
            }
        }
    }
}
