package io.jdesk.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code NAME=VALUE} lines the way OSS does. Both the {@code --config} file and
 * {@code .env} go through the Rust crate {@code rust-ini} 0.18 with default options
 * (rustdesk-server {@code src/common.rs} {@code init_args}, {@code src/hbbr.rs}), and only its
 * global section (the lines before the first {@code [section]}) is used. Its rules:
 *
 * <ul>
 *   <li>{@code NAME=VALUE} or {@code NAME:VALUE}: the first {@code =} or {@code :} splits, so
 *       {@code URL=http://h/?a=b} keeps {@code http://h/?a=b}; name and value are trimmed;
 *       {@code NAME=} is an empty value.
 *   <li>{@code #} or {@code ;} starts a comment only as the first character of a line; there
 *       are no inline comments ({@code KEY=abc # x} is the value {@code abc # x}).
 *   <li>A value starting with {@code "} or {@code '} runs to the matching quote (line breaks
 *       included); text after the closing quote is appended; the result is trimmed.
 *   <li>Backslash escapes in names and values: {@code \0 \a \b \t \r \n}, {@code \xHHHH}
 *       (4 hex digits), backslash-newline continues the line, any other {@code \c} is
 *       {@code c} (so {@code C:\db} reads as {@code C:db}; write {@code C:\\db}).
 *   <li>A repeated name: the last line wins. A UTF-8 byte-order mark is skipped.
 * </ul>
 *
 * <p>Where {@code rust-ini} fails (indented or inline comment, a value without a name, an
 * unterminated quote, a bad {@code \x}), OSS silently ignores the whole file; jdesk reports the
 * line instead. jdesk also reports a line without {@code =} or {@code :}, which {@code rust-ini}
 * would glue to the next line's name. In {@link Dialect#DOT_ENV} a leading {@code export }
 * is dropped from names (a jdesk extension for shell-style files; OSS would read the name
 * {@code export NAME} and ignore it).
 */
final class IniFile {

    /** Which file is read; they differ only in {@code export} handling. */
    enum Dialect { CONFIG, DOT_ENV }

    /**
     * One global-section line.
     *
     * @param name the name as written (trimmed, {@code export } removed in .env)
     * @param value the value after quote and escape processing
     * @param line 1-based line where the name starts
     */
    record Entry(String name, String value, int line) {
    }

    /** A syntax error at a line. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private static final Pattern EXPORT = Pattern.compile("export\\s+(\\S.*)", Pattern.DOTALL);
    private static final char BOM = '\uFEFF';
    private static final int EOF = -1;
    private static final int UNICODE_ESCAPE_DIGITS = 4;

    private final String text;
    private final Dialect dialect;
    private int pos = -1;
    private int line = 1;
    private int col;

    private IniFile(String text, Dialect dialect) {
        this.text = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        this.dialect = dialect;
        bump();
    }

    /**
     * @return the global section's entries in file order (later entries override earlier ones)
     * @throws SyntaxException at the first line {@code rust-ini} (or jdesk's stricter check) rejects
     */
    static List<Entry> parse(String text, Dialect dialect) throws SyntaxException {
        return new IniFile(text, dialect).entries();
    }

    private List<Entry> entries() throws SyntaxException {
        List<Entry> out = new ArrayList<>();
        boolean global = true;
        String name = null;
        int nameLine = 0;
        skipWhitespace();
        while (ch() != EOF) {
            int c = ch();
            if (c == '#' || c == ';') {
                if (col > 1) {
                    throw new SyntaxException(line, "a comment must start at the beginning of its line"
                            + " (no inline or indented comments)");
                }
                skipLine();
            } else if (c == '[') {
                bump();
                readUntil("]");
                bump();
                global = false;
            } else if (c == '=' || c == ':') {
                if (name == null || name.isEmpty()) {
                    throw new SyntaxException(line, "'" + (char) c + "' without a name before it");
                }
                String value = readValue();
                if (global) {
                    out.add(new Entry(name, value, nameLine));
                }
                name = null;
            } else {
                nameLine = line;
                name = name(readUntil("=:").strip(), nameLine);
            }
            skipWhitespace();
        }
        return out;
    }

    private String name(String raw, int at) throws SyntaxException {
        if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
            throw new SyntaxException(at, "expected NAME=VALUE, found a line without '=' (\""
                    + raw.lines().findFirst().orElse("") + "\")");
        }
        Matcher export = EXPORT.matcher(raw);
        return dialect == Dialect.DOT_ENV && export.matches() ? export.group(1) : raw;
    }

    private String readValue() throws SyntaxException {
        bump();
        while (ch() != EOF && ch() != '\n' && ch() != '\r' && Character.isWhitespace(ch())) {
            bump();
        }
        int c = ch();
        String value;
        if (c == '"' || c == '\'') {
            bump();
            String quoted = readUntil(String.valueOf((char) c));
            bump();
            value = quoted + readUntilEndOfLine();
        } else {
            value = readUntilEndOfLine();
        }
        return value.strip();
    }

    private String readUntilEndOfLine() throws SyntaxException {
        return read("\n\r", true);
    }

    private String readUntil(String endChars) throws SyntaxException {
        return read(endChars, false);
    }

    /** Reads until one of {@code endChars} (not consumed), processing backslash escapes. */
    private String read(String endChars, boolean eofEnds) throws SyntaxException {
        StringBuilder out = new StringBuilder();
        while (ch() == EOF || endChars.indexOf(ch()) < 0) {
            if (ch() == EOF) {
                if (eofEnds) {
                    break;
                }
                throw new SyntaxException(line, "expected one of \"" + printable(endChars) + "\" before the end of the file");
            }
            if (ch() == '\\') {
                bump();
                escape(out);
            } else {
                out.append((char) ch());
            }
            bump();
        }
        return out.toString();
    }

    private void escape(StringBuilder out) throws SyntaxException {
        switch (ch()) {
            case EOF -> throw new SyntaxException(line, "a backslash at the end of the file");
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'n' -> out.append('\n');
            case '\n' -> { }
            case 'x' -> out.appendCodePoint(unicodeEscape());
            default -> out.append((char) ch());
        }
    }

    private int unicodeEscape() throws SyntaxException {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < UNICODE_ESCAPE_DIGITS; i++) {
            bump();
            if (ch() == EOF) {
                throw new SyntaxException(line, "\\x needs 4 hex digits");
            }
            hex.append((char) ch());
        }
        int codePoint;
        try {
            codePoint = Integer.parseInt(hex.toString(), 16);
        } catch (NumberFormatException e) {
            codePoint = -1;
        }
        if (codePoint < 0 || Character.isSurrogate((char) codePoint)) {
            throw new SyntaxException(line, "\\x needs 4 hex digits of a character, got \"" + hex + "\"");
        }
        return codePoint;
    }

    private static String printable(String chars) {
        return chars.replace("\n", "\\n").replace("\r", "\\r");
    }

    private void skipWhitespace() {
        while (ch() != EOF && Character.isWhitespace(ch())) {
            bump();
        }
    }

    private void skipLine() {
        while (ch() != EOF && ch() != '\n') {
            bump();
        }
    }

    private int ch() {
        return pos < text.length() ? text.charAt(pos) : EOF;
    }

    /** Advances one character, tracking line and column like {@code rust-ini}'s parser. */
    private void bump() {
        pos++;
        if (pos < text.length()) {
            if (text.charAt(pos) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
    }
}
