package io.jdesk.server.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * OSS setting-name matching (rustdesk-server {@code src/common.rs} {@code arg_name},
 * {@code get_arg_opt}; servers.md §10.3).
 *
 * <p>Every name is reduced to one key: upper case with {@code _} turned into {@code -}, so
 * {@code relay_servers}, {@code RELAY-SERVERS} and {@code Relay_Servers} are one setting.
 * When one source holds several spellings of a key (only possible in the process environment
 * or the flag map; files behave like OSS's {@code set_var}: the last line wins), OSS prefers
 * {@code RELAY-SERVERS}, then {@code RELAY_SERVERS}, {@code relay-servers},
 * {@code relay_servers}, then the alphabetically first other spelling; {@link #preference}
 * orders candidates the same way.
 */
final class SettingName {

    private SettingName() {
    }

    /** @return the matching key of {@code name}: {@code relay_servers} gives {@code RELAY-SERVERS} */
    static String key(String name) {
        return name.toUpperCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @return a comparator putting the spelling OSS would read first for {@code key} first
     */
    static Comparator<String> preference(String key) {
        String underscored = key.replace('-', '_');
        List<String> ranked = List.of(key, underscored, key.toLowerCase(Locale.ROOT),
                underscored.toLowerCase(Locale.ROOT));
        return Comparator.<String>comparingInt(spelling -> {
            int rank = ranked.indexOf(spelling);
            return rank < 0 ? ranked.size() : rank;
        }).thenComparing(Comparator.naturalOrder());
    }
}
