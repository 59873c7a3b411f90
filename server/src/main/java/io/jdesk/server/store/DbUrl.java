package io.jdesk.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A parsed {@code DB_URL} (servers.md §8.1, §10.1): where the SQLite peer table lives and how
 * it may be opened.
 *
 * <p>What OSS hbbs does with the value (rustdesk-server {@code src/peer.rs},
 * {@code src/database.rs}; sqlx 0.6.0 {@code SqliteConnectOptions::from_str}): default
 * {@code ./db_v2.sqlite3}; if no file exists at the <em>raw</em> string it creates one there;
 * then sqlx strips every leading {@code sqlite://}, then every leading {@code sqlite:},
 * splits at the first {@code ?}, percent-decodes the path ({@code :memory:} means an
 * in-memory database) and accepts the query parameters {@code mode=ro|rw|rwc|memory},
 * {@code cache=private|shared} and {@code immutable=true|1|false|0}, refusing any other.
 * jdesk accepts exactly these forms, plus {@code jdbc:sqlite:<same>} (a jdesk extension).
 *
 * <p>One deliberate difference: OSS only creates a missing file for a plain path (for
 * {@code sqlite:} forms its create step targets the raw string and fails, so start-up fails
 * unless {@code mode=rwc}). jdesk creates a missing file for every form unless
 * {@code mode=rw} or a read-only mode is given. Parent directories are never created.
 *
 * @param path the database file; {@code null} when {@link #memory()}
 * @param memory an in-memory database ({@code :memory:} or {@code mode=memory}): not durable
 * @param access what the store may do with the file
 */
public record DbUrl(Path path, boolean memory, Access access) {

    /** OSS default {@code DB_URL} on non-Windows systems (rustdesk-server {@code src/peer.rs}). */
    public static final String DEFAULT = "./db_v2.sqlite3";

    /** JDBC prefix accepted as a jdesk extension and used to open the file. */
    static final String JDBC_PREFIX = "jdbc:sqlite:";

    /** How the database may be opened. */
    public enum Access {
        /** Read and write; create the file when missing (the default). */
        READ_WRITE_CREATE,
        /** Read and write; the file must exist ({@code mode=rw}). */
        READ_WRITE,
        /** Read only ({@code mode=ro} or {@code immutable=true}); every write fails. */
        READ_ONLY
    }

    public DbUrl {
        Objects.requireNonNull(access, "access");
        if (memory == (path != null)) {
            throw new IllegalArgumentException("exactly one of path and memory");
        }
    }

    /**
     * Parses a {@code DB_URL} value.
     *
     * @throws StoreException naming the value and what is wrong with it
     */
    public static DbUrl parse(String dbUrl) {
        Objects.requireNonNull(dbUrl, "dbUrl");
        String rest = dbUrl.startsWith(JDBC_PREFIX) ? dbUrl.substring(JDBC_PREFIX.length()) : dbUrl;
        rest = stripAll(stripAll(rest, "sqlite://"), "sqlite:");
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        Access access = Access.READ_WRITE_CREATE;
        boolean memory = false;
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = formDecode(dbUrl, eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : formDecode(dbUrl, pair.substring(eq + 1));
                switch (key) {
                    case "mode" -> {
                        switch (value) {
                            case "ro" -> access = Access.READ_ONLY;
                            case "rw" -> access = Access.READ_WRITE;
                            case "rwc" -> access = Access.READ_WRITE_CREATE;
                            case "memory" -> memory = true;
                            default -> throw bad(dbUrl, "unknown value \"" + value + "\" for mode");
                        }
                    }
                    case "cache" -> {
                        // One connection per store: shared vs private cache makes no difference.
                        if (!value.equals("private") && !value.equals("shared")) {
                            throw bad(dbUrl, "unknown value \"" + value + "\" for cache");
                        }
                    }
                    case "immutable" -> {
                        switch (value) {
                            case "true", "1" -> access = Access.READ_ONLY;
                            case "false", "0" -> { }
                            default -> throw bad(dbUrl, "unknown value \"" + value + "\" for immutable");
                        }
                    }
                    default -> throw bad(dbUrl, "unknown query parameter \"" + key + "\"");
                }
            }
        }
        String file = percentDecode(dbUrl, rawPath, false);
        if (memory || file.equals(":memory:")) {
            return new DbUrl(null, true, access);
        }
        return new DbUrl(toPath(dbUrl, file), false, access);
    }

    /** The URL handed to the sqlite-jdbc driver. */
    String jdbcUrl() {
        return memory ? JDBC_PREFIX + ":memory:" : JDBC_PREFIX + path;
    }

    /** For messages and logs: the file path, or {@code :memory:}. */
    @Override
    public String toString() {
        return memory ? ":memory:" : path.toString();
    }

    private static Path toPath(String dbUrl, String file) {
        if (file.isEmpty()) {
            throw bad(dbUrl, "no database file path");
        }
        if (file.indexOf('?') >= 0) {
            // sqlite-jdbc would read everything after '?' as driver options.
            throw bad(dbUrl, "a '?' in the file name is not supported");
        }
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw bad(dbUrl, "invalid path: " + e.getMessage());
        }
    }

    private static String stripAll(String s, String prefix) {
        String r = s;
        while (r.startsWith(prefix)) {
            r = r.substring(prefix.length());
        }
        return r;
    }

    private static String formDecode(String dbUrl, String s) {
        return percentDecode(dbUrl, s, true);
    }

    /** RFC 3986 percent-decoding to UTF-8; with {@code plusIsSpace} the form-encoding variant. */
    private static String percentDecode(String dbUrl, String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw bad(dbUrl, "percent-escapes are not valid UTF-8");
        }
    }

    private static StoreException bad(String dbUrl, String why) {
        return new StoreException("DB_URL \"" + dbUrl + "\": " + why);
    }
}
