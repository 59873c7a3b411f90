package io.jdesk.server.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The four places a setting can come from, highest precedence first (servers.md §10.3,
 * rustdesk-server {@code src/common.rs} {@code init_args}/{@code get_arg_opt}):
 *
 * <ol>
 *   <li>command-line flags, a map from setting name to value built by the app;
 *   <li>the {@code --config} INI file's global section (OSS: hbbs only);
 *   <li>{@code .env} in the working directory (OSS reads it with the same INI parser, see
 *       {@link IniFile}; a missing file is fine);
 *   <li>the process environment, passed in (never read from {@code System.getenv} here).
 * </ol>
 *
 * OSS copies layers 1-3 into its own environment under the upper-case dashed name and reads
 * settings back from there; that is equivalent to asking the layers in order, which this class
 * does. Names match case-insensitively with {@code _} equal to {@code -} ({@link SettingName}).
 *
 * <p>Immutable once built. Building reads the files; every file problem is collected into one
 * {@link SettingsException}.
 */
public final class SettingsSources {

    /** Name of the flag that names the config file ({@code -c, --config FILE}). */
    public static final String CONFIG = "CONFIG";
    /** File name of the dotenv file, looked up in the working directory. */
    public static final String DOT_ENV = ".env";
    /** Larger files are refused before reading (a settings file is a few hundred bytes). */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Map<Source, Map<String, List<RawValue>>> layers;
    private final Optional<Path> configFile;

    private SettingsSources(Builder b) {
        this.layers = new EnumMap<>(Source.class);
        b.layers.forEach((source, byKey) -> {
            Map<String, List<RawValue>> copy = new HashMap<>();
            byKey.forEach((key, values) -> copy.put(key, List.copyOf(values)));
            layers.put(source, Map.copyOf(copy));
        });
        this.configFile = Optional.ofNullable(b.configFile);
    }

    /**
     * The usual start-up: {@code flags} as parsed by the app (a {@code CONFIG} entry names the
     * config file, relative to {@code workingDirectory}), {@code .env} from
     * {@code workingDirectory} when present, and {@code environment}.
     *
     * @param flags setting name (any spelling, e.g. {@code PORT}, {@code relay-servers}) to value;
     *     only flags the user actually gave
     * @param environment the process environment, e.g. {@code System.getenv()}
     * @throws SettingsException listing every unreadable or malformed file
     */
    public static SettingsSources load(Map<String, String> flags, Map<String, String> environment,
            Path workingDirectory) {
        Builder builder = builder().environment(environment).dotEnvFile(workingDirectory.resolve(DOT_ENV));
        Map<String, String> rest = new HashMap<>();
        flags.forEach((name, value) -> {
            if (SettingName.key(name).equals(CONFIG)) {
                builder.configFile(value.isEmpty() ? null : workingDirectory.resolve(value), value.isEmpty());
            } else {
                rest.put(name, value);
            }
        });
        return builder.flags(rest).build();
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the value {@code setting} takes from the highest layer that has it (under any of its names) */
    public Optional<RawValue> lookup(Setting<?> setting) {
        for (Source source : Source.values()) {
            for (String name : setting.names()) {
                Optional<RawValue> found = find(source, SettingName.key(name));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** @return the value a layer holds for {@code name} (any spelling), OSS's pick when it holds several */
    public Optional<RawValue> find(Source source, String name) {
        String key = SettingName.key(name);
        List<RawValue> candidates = layers.getOrDefault(source, Map.of()).getOrDefault(key, List.of());
        return candidates.stream().min(Comparator.comparing(v -> v.origin().spelledAs(), SettingName.preference(key)));
    }

    /** @return every name/value of one layer, for warnings about names no catalogue knows */
    public List<RawValue> entries(Source source) {
        List<RawValue> out = new ArrayList<>();
        layers.getOrDefault(source, Map.of()).values().forEach(out::addAll);
        return out;
    }

    /** @return the config file in use, if any */
    public Optional<Path> configFile() {
        return configFile;
    }

    /** Collects the layers; {@link #build()} reads the files. */
    public static final class Builder {
        private final Map<Source, Map<String, List<RawValue>>> layers = new EnumMap<>(Source.class);
        private final List<Violation> problems = new ArrayList<>();
        private Path configFile;
        private Path dotEnvFile;

        private Builder() {
        }

        /** Sets the command-line layer: setting name (any spelling) to value. */
        public Builder flags(Map<String, String> flags) {
            putMap(Source.FLAG, flags);
            return this;
        }

        /** Sets the environment layer. */
        public Builder environment(Map<String, String> environment) {
            putMap(Source.ENVIRONMENT, environment);
            return this;
        }

        /** Names the config file; unlike OSS, a missing or malformed one is an error, not ignored. */
        public Builder configFile(Path file) {
            return configFile(Objects.requireNonNull(file, "file"), false);
        }

        /** Names the dotenv file; a missing one is skipped (as in OSS), a malformed one is an error. */
        public Builder dotEnvFile(Path file) {
            this.dotEnvFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * @return the sources
         * @throws SettingsException listing every file that could not be read or parsed
         */
        public SettingsSources build() {
            if (configFile != null) {
                readFile(Source.CONFIG_FILE, configFile, IniFile.Dialect.CONFIG, CONFIG);
            }
            if (dotEnvFile != null && Files.exists(dotEnvFile)) {
                readFile(Source.DOT_ENV, dotEnvFile, IniFile.Dialect.DOT_ENV, DOT_ENV);
            }
            if (!problems.isEmpty()) {
                throw new SettingsException(problems);
            }
            return new SettingsSources(this);
        }

        private Builder configFile(Path file, boolean emptyFlag) {
            if (emptyFlag) {
                problems.add(new Violation(CONFIG, "CONFIG (--config) must name a file; got \"\""));
            }
            this.configFile = file;
            return this;
        }

        private void putMap(Source source, Map<String, String> values) {
            Map<String, List<RawValue>> byKey = new HashMap<>();
            values.forEach((name, value) -> byKey.computeIfAbsent(SettingName.key(name), k -> new ArrayList<>())
                    .add(new RawValue(value, ValueOrigin.of(source, name))));
            layers.put(source, byKey);
        }

        private void readFile(Source source, Path file, IniFile.Dialect dialect, String label) {
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    problems.add(new Violation(label, label + " file " + file + " is larger than " + MAX_FILE_BYTES + " bytes"));
                    return;
                }
                Map<String, List<RawValue>> byKey = new HashMap<>();
                for (IniFile.Entry e : IniFile.parse(Files.readString(file, StandardCharsets.UTF_8), dialect)) {
                    byKey.put(SettingName.key(e.name()), new ArrayList<>(List.of(
                            new RawValue(e.value(), ValueOrigin.inFile(source, e.name(), file, e.line())))));
                }
                layers.put(source, byKey);
            } catch (IniFile.SyntaxException e) {
                problems.add(new Violation(label, label + " file " + file + " " + e.getMessage()));
            } catch (CharacterCodingException e) {
                problems.add(new Violation(label, label + " file " + file + " is not valid UTF-8"));
            } catch (IOException e) {
                problems.add(new Violation(label, label + " file " + file + " cannot be read: " + e));
            }
        }
    }
}
