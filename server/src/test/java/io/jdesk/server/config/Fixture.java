package io.jdesk.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A working directory with optional config file and .env, plus flag and environment maps. */
final class Fixture {
    static final String CONFIG_NAME = "jdesk.ini";

    private final Path dir;
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    Fixture(Path dir) {
        this.dir = dir;
    }

    Fixture flag(String name, String value) {
        flags.put(name, value);
        return this;
    }

    Fixture env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes the config file and passes {@code --config jdesk.ini}. */
    Fixture config(String text) {
        write(CONFIG_NAME, text);
        return flag("config", CONFIG_NAME);
    }

    Fixture dotEnv(String text) {
        return write(".env", text);
    }

    Fixture write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path dir() {
        return dir;
    }

    SettingsSources sources() {
        return SettingsSources.load(flags, env, dir);
    }

    HbbsSettings hbbs() {
        return HbbsSettings.from(sources());
    }

    HbbrSettings hbbr() {
        return HbbrSettings.from(sources());
    }
}
