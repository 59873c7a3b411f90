package io.jdesk.server.config;

import java.util.Objects;

/**
 * One reason the settings were refused.
 *
 * @param key the setting name (as the catalogue spells it) or the file that failed to load
 * @param message a full sentence naming the key, the rule and the offending value (redacted when
 *     secret) and where it came from, e.g. {@code PORT must be an integer 3..65533 because P-1 and
 *     P+2 are bound too; got "1" (command line (PORT))}
 */
public record Violation(String key, String message) {

    public Violation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** @return a violation for {@code setting} with value {@code raw} breaking {@code rule} */
    static Violation of(Setting<?> setting, String rule, RawValue raw) {
        return new Violation(setting.name(), setting.name() + " " + rule + "; got " + setting.show(raw.text())
                + " (" + raw.origin() + ")");
    }

    @Override
    public String toString() {
        return message;
    }
}
