package io.jdesk.server.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server should log at start: each setting's effective value (secrets redacted) and
 * where it came from, plus warnings about settings that are legal but probably not meant.
 *
 * @param entries one per catalogue setting, in catalogue order
 * @param warnings human sentences, each naming its setting
 */
public record SettingsReport(List<Entry> entries, List<String> warnings) {

    /**
     * One setting's effective value.
     *
     * @param name the setting name as the catalogue spells it
     * @param value the value as the log shows it (secrets redacted)
     * @param origin where it came from
     */
    public record Entry(String name, String value, ValueOrigin origin) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }

        /** @return e.g. {@code PORT=21116 (default)} */
        @Override
        public String toString() {
            return name + "=" + value + " (" + origin + ")";
        }
    }

    public SettingsReport {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** @return where the setting named {@code name} (as the catalogue spells it) got its value */
    public Optional<ValueOrigin> origin(String name) {
        return entry(name).map(Entry::origin);
    }

    /** @return the entry for {@code name} (as the catalogue spells it) */
    public Optional<Entry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** @return one log line per setting, e.g. {@code RELAY-SERVERS=r1:21117 (environment variable RELAY_SERVERS)} */
    public List<String> lines() {
        return entries.stream().map(Entry::toString).toList();
    }
}
