package io.jdesk.server.store;

/**
 * The {@code peer.info} column: a JSON object whose only member OSS uses is {@code ip}
 * (rustdesk-server {@code src/peer.rs} {@code PeerInfo}, serialised with serde_json).
 *
 * <p>{@link #write} produces exactly what serde_json writes for OSS: {@code {"ip":"<text>"}}
 * with no whitespace, escaping {@code "} and {@code \}, the control characters
 * {@code \b \f \n \r \t} in short form and the other ones below U+0020 as {@code \}{@code u00xx}
 * (lower-case hex); everything else, including non-ASCII, verbatim.
 *
 * <p>{@link #readIp} mirrors OSS's tolerant read ({@code serde_json::from_str(..)
 * .unwrap_or_default()}): the value of a top-level string member {@code ip}; other members are
 * ignored; a missing {@code ip} gives {@code ""}; and anything serde_json would reject (not
 * strict JSON, trailing text, a non-string {@code ip}, a duplicate {@code ip}, raw control
 * characters or lone surrogates in strings, nesting deeper than {@value #MAX_DEPTH}) gives
 * {@code ""} too. It never throws. Stateless; safe from any thread.
 */
final class PeerInfoJson {

    /** serde_json's default recursion limit; deeper input is refused, not recursed into. */
    static final int MAX_DEPTH = 128;

    private static final String HEX = "0123456789abcdef";

    private final String s;
    private int pos;

    private PeerInfoJson(String s) {
        this.s = s;
    }

    /** {@code {"ip":"<ip>"}} exactly as OSS writes it. */
    static String write(String ip) {
        StringBuilder b = new StringBuilder(ip.length() + 10).append("{\"ip\":\"");
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }

    /** The {@code ip} member of {@code info}, or {@code ""} (see the class comment). */
    static String readIp(String info) {
        if (info == null) {
            return "";
        }
        try {
            return new PeerInfoJson(info).document();
        } catch (Malformed e) {
            return "";
        }
    }

    private String document() {
        skipWhitespace();
        expect('{');
        String ip = null;
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (key.equals("ip")) {
                    if (ip != null || peek() != '"') {
                        throw new Malformed(); // serde: duplicate field / invalid type
                    }
                    ip = string();
                } else {
                    value(1);
                }
                skipWhitespace();
            } while (consume(','));
            expect('}');
        }
        skipWhitespace();
        if (pos != s.length()) {
            throw new Malformed(); // trailing characters
        }
        return ip == null ? "" : ip;
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed();
        }
        char c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> container('}', depth, true);
            case '[' -> container(']', depth, false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void container(char close, int depth, boolean object) {
        pos++;
        skipWhitespace();
        if (consume(close)) {
            return;
        }
        do {
            skipWhitespace();
            if (object) {
                string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
            }
            value(depth + 1);
            skipWhitespace();
        } while (consume(','));
        expect(close);
    }

    /** A JSON string starting at {@code pos}; returns its unescaped text. */
    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            } else if (c < 0x20) {
                throw new Malformed(); // raw control character
            } else if (c == '\\') {
                escape(b);
            } else if (Character.isSurrogate(c)) {
                surrogatePair(b, c);
            } else {
                b.append(c);
            }
        }
    }

    private void escape(StringBuilder b) {
        char e = next();
        switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
                char u = hex4();
                if (Character.isHighSurrogate(u)) {
                    if (next() != '\\' || next() != 'u') {
                        throw new Malformed();
                    }
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw new Malformed();
                    }
                    b.append(u).append(low);
                } else if (Character.isLowSurrogate(u)) {
                    throw new Malformed();
                } else {
                    b.append(u);
                }
            }
            default -> throw new Malformed();
        }
    }

    /** A raw (unescaped) surrogate must be a well-formed pair, as in valid UTF-8 text. */
    private void surrogatePair(StringBuilder b, char c) {
        if (!Character.isHighSurrogate(c) || pos >= s.length()
                || !Character.isLowSurrogate(s.charAt(pos))) {
            throw new Malformed();
        }
        b.append(c).append(s.charAt(pos++));
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
                throw new Malformed();
            }
            v = v << 4 | d;
        }
        return (char) v;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private void number() {
        consume('-');
        if (!consume('0')) {
            digits();
        }
        if (consume('.')) {
            digits();
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            digits();
        }
    }

    private void digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw new Malformed();
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw new Malformed();
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw new Malformed();
        }
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private boolean consume(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw new Malformed();
        }
    }

    /** Internal signal: the text is not what serde_json would accept. Never escapes the class. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }
}
