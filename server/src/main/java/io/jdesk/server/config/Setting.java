package io.jdesk.server.config;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One typed setting: its name as OSS spells it, the names it also answers to, its command-line
 * flag, default, parser and documentation, in one place (the model is mina-sshd's
 * {@code Property}). Instances are immutable constants of {@link HbbsCatalogue},
 * {@link HbbrCatalogue} and {@link JdeskCatalogue}.
 *
 * <p>Names are matched as OSS matches them ({@link #key()}): case-insensitive, {@code _} and
 * {@code -} alike. An explicitly empty value counts as set; for settings where OSS reads an
 * empty value like an absent one (numbers, lists, {@code BIND}, ...) {@link #emptyIsDefault()}
 * is true and {@link #parse} returns the default for it.
 *
 * @param <T> the value type
 */
public final class Setting<T> {

    private static final String REDACTED = "<redacted>";

    private final String name;
    private final List<String> aliases;
    private final String shortFlag;
    private final String longFlag;
    private final T defaultValue;
    private final String defaultText;
    private final String doc;
    private final boolean jdeskOnly;
    private final boolean emptyIsDefault;
    private final Predicate<String> redact;
    private final ValueParser<T> parser;
    private final Function<T, String> formatter;

    private Setting(Builder<T> b) {
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.shortFlag = b.shortFlag;
        this.longFlag = b.longFlag;
        this.defaultValue = b.defaultValue;
        this.defaultText = Objects.requireNonNull(b.defaultText, "defaultText of " + b.name);
        this.doc = Objects.requireNonNull(b.doc, "doc of " + b.name);
        this.jdeskOnly = b.jdeskOnly;
        this.emptyIsDefault = b.emptyIsDefault;
        this.redact = b.redact;
        this.parser = b.parser;
        this.formatter = b.formatter;
    }

    /**
     * @param name the name as OSS spells it ({@code RELAY-SERVERS}, {@code ALWAYS_USE_RELAY})
     *     or, for jdesk-only settings, {@code JDESK_...}
     */
    public static <T> Builder<T> builder(String name, ValueParser<T> parser) {
        return new Builder<>(name, parser);
    }

    /** @return the name as OSS spells it, e.g. {@code RELAY-SERVERS} */
    public String name() {
        return name;
    }

    /** @return the matching key: upper case, {@code _} turned into {@code -} */
    public String key() {
        return SettingName.key(name);
    }

    /** @return other names accepted in every source (most settings have none) */
    public List<String> aliases() {
        return aliases;
    }

    /** @return {@link #name()} then {@link #aliases()} */
    public List<String> names() {
        return Stream.concat(Stream.of(name), aliases.stream()).toList();
    }

    /** @return the OSS short flag such as {@code -p}, when the setting has one */
    public Optional<String> shortFlag() {
        return Optional.ofNullable(shortFlag);
    }

    /** @return the long flag such as {@code --port}, when the setting has one on the command line */
    public Optional<String> longFlag() {
        return Optional.ofNullable(longFlag);
    }

    /** @return the value used when no source sets the setting */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return the default as documentation text, e.g. {@code "21116"} or {@code "all interfaces"} */
    public String defaultText() {
        return defaultText;
    }

    /** @return one or two sentences for the reference page and {@code --help} */
    public String doc() {
        return doc;
    }

    /** @return true for jdesk's own settings (OSS hbbs/hbbr ignore them) */
    public boolean jdeskOnly() {
        return jdeskOnly;
    }

    /** @return whether an explicitly empty value means the default, as in OSS */
    public boolean emptyIsDefault() {
        return emptyIsDefault;
    }

    /**
     * @return the typed value of {@code text}
     * @throws IllegalArgumentException completing "NAME ..." (see {@link ValueParser})
     */
    public T parse(String text) {
        return emptyIsDefault && text.isEmpty() ? defaultValue : parser.parse(text);
    }

    /** @return {@code text} quoted for a message, or a redaction when it is secret */
    public String show(String text) {
        return redact.test(text) ? REDACTED + " (" + text.length() + " characters)" : '"' + text + '"';
    }

    /** @return a typed value for the start-up log (secret values print themselves redacted) */
    public String format(T value) {
        return formatter.apply(value);
    }

    @Override
    public String toString() {
        return "Setting[" + name + "]";
    }

    static String formatDefault(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(Setting::formatDefault).orElse("(none)");
        }
        if (value instanceof Collection<?> list) {
            return list.isEmpty() ? "(none)" : list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** Builds a {@link Setting}; {@code defaultValue}, {@code defaultText} and {@code doc} are required. */
    public static final class Builder<T> {
        private final String name;
        private final ValueParser<T> parser;
        private List<String> aliases = List.of();
        private String shortFlag;
        private String longFlag;
        private T defaultValue;
        private String defaultText;
        private String doc;
        private boolean jdeskOnly;
        private boolean emptyIsDefault;
        private Predicate<String> redact = text -> false;
        private Function<T, String> formatter = Setting::formatDefault;

        private Builder(String name, ValueParser<T> parser) {
            this.name = Objects.requireNonNull(name, "name");
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        /** Sets the default value and how the reference page shows it. */
        public Builder<T> defaultValue(T value, String text) {
            this.defaultValue = Objects.requireNonNull(value, "default of " + name);
            this.defaultText = text;
            return this;
        }

        /** Sets the documentation. */
        public Builder<T> doc(String text) {
            this.doc = text;
            return this;
        }

        /** Sets the command-line flags; {@code shortFlag} may be null. */
        public Builder<T> flags(String shortFlag, String longFlag) {
            this.shortFlag = shortFlag;
            this.longFlag = Objects.requireNonNull(longFlag, "longFlag");
            return this;
        }

        /** Adds names accepted besides {@link #name}. */
        public Builder<T> aliases(String... names) {
            this.aliases = List.of(names);
            return this;
        }

        /** Marks a jdesk-only setting. */
        public Builder<T> jdeskOnly() {
            this.jdeskOnly = true;
            return this;
        }

        /** An explicitly empty value means the default (OSS behaviour for most settings). */
        public Builder<T> emptyIsDefault() {
            this.emptyIsDefault = true;
            return this;
        }

        /** Never show this setting's text in messages. */
        public Builder<T> secret() {
            return redactWhen(text -> true);
        }

        /** Hide this setting's text in messages when {@code test} says it is secret. */
        public Builder<T> redactWhen(Predicate<String> test) {
            this.redact = Objects.requireNonNull(test, "test");
            return this;
        }

        /** How the start-up log prints a value (default: {@code String.valueOf}, Optional unwrapped, lists comma-joined). */
        public Builder<T> formatter(Function<T, String> format) {
            this.formatter = Objects.requireNonNull(format, "format");
            return this;
        }

        /** @return the setting */
        public Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
