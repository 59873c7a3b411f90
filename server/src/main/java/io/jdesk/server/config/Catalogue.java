package io.jdesk.server.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting one process reads, in reference-page order.
 *
 * @param process {@code hbbs} or {@code hbbr}
 * @param settings the settings; no two share a name or alias key
 */
public record Catalogue(String process, List<Setting<?>> settings) {

    public Catalogue {
        Objects.requireNonNull(process, "process");
        settings = List.copyOf(settings);
        Set<String> keys = new HashSet<>();
        for (Setting<?> s : settings) {
            for (String name : s.names()) {
                if (!keys.add(SettingName.key(name))) {
                    throw new IllegalArgumentException(process + " catalogue names " + name + " twice");
                }
            }
        }
    }

    /** @return the setting answering to {@code name} in any spelling */
    public Optional<Setting<?>> find(String name) {
        String key = SettingName.key(name);
        return settings.stream()
                .filter(s -> s.names().stream().anyMatch(n -> SettingName.key(n).equals(key)))
                .findFirst();
    }

    /** @return whether hbbs or hbbr reads {@code name}, or it is the {@code CONFIG} flag */
    static boolean knownToAnyProcess(String name) {
        return SettingName.key(name).equals(SettingsSources.CONFIG)
                || HbbsCatalogue.CATALOGUE.find(name).isPresent()
                || HbbrCatalogue.CATALOGUE.find(name).isPresent();
    }
}
