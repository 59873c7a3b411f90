package io.jdesk.protocol.net;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The few Rust standard-library and {@code regex}-crate text primitives that RustDesk's
 * address, version and ID rules are built on, restated for Java strings.
 *
 * <p>Java's look-alikes differ in ways that change answers on hostile input:
 * {@link Long#parseLong} accepts non-ASCII digits, {@link String#strip()} uses a different
 * whitespace set, and {@code \d} in {@link java.util.regex.Pattern} is ASCII-only. Every
 * method here documents which Rust behaviour it reproduces.
 *
 * <p>Unicode tables are the JDK's (Unicode 13 on Java 17); upstream's are newer. Only
 * characters assigned after Unicode 13 can be classified differently.
 */
final class RustText {

    private static final char ZERO_WIDTH_NON_JOINER = '\u200C';
    private static final char ZERO_WIDTH_JOINER = '\u200D';

    private RustText() {
    }

    /**
     * Rust {@code char::is_whitespace}: the Unicode {@code White_Space} property, which is
     * the separators (Zs, Zl, Zp) plus U+0009..U+000D and U+0085. Unlike
     * {@link Character#isWhitespace(int)} it includes no-break spaces (U+00A0, U+2007, U+202F)
     * and excludes U+001C..U+001F.
     */
    static boolean isWhiteSpace(int cp) {
        return Character.isSpaceChar(cp) || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85;
    }

    /** Rust {@code char::is_control}: general category Cc (U+0000..U+001F, U+007F..U+009F). */
    static boolean isControl(int cp) {
        return Character.isISOControl(cp);
    }

    /** {@code \d} of the Rust {@code regex} crate in its default Unicode mode: category Nd. */
    static boolean isUnicodeDigit(int cp) {
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /**
     * {@code \w} of the Rust {@code regex} crate in its default Unicode mode (UTS #18 Annex C):
     * alphabetic, marks, decimal digits, connector punctuation and the two join controls.
     */
    static boolean isUnicodeWordChar(int cp) {
        if (Character.isAlphabetic(cp) || cp == ZERO_WIDTH_NON_JOINER || cp == ZERO_WIDTH_JOINER) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }

    static boolean isAsciiDigit(int cp) {
        return cp >= '0' && cp <= '9';
    }

    /** True if {@code s} is non-empty and every code point satisfies {@link #isUnicodeDigit}. */
    static boolean allUnicodeDigits(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(RustText::isUnicodeDigit);
    }

    /** Rust {@code str::trim}: strips leading and trailing {@link #isWhiteSpace} code points. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhiteSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isWhiteSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /**
     * Rust {@code str::len}: the UTF-8 length in bytes. An unpaired surrogate (which a Rust
     * string cannot hold) counts as 3 bytes, the size of the U+FFFD that replaces it when a
     * decoder meets the equivalent invalid bytes.
     */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                bytes += 1;
            } else if (cp < 0x800) {
                bytes += 2;
            } else if (cp < 0x10000) {
                bytes += 3;
            } else {
                bytes += 4;
            }
        }
        return bytes;
    }

    /**
     * Rust {@code i64::from_str}: an optional single {@code +} or {@code -}, then one or more
     * ASCII digits (leading zeros allowed), nothing else, value within {@code long} range.
     *
     * @return the value, or empty where Rust returns an error
     */
    static OptionalLong parseI64(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiDigit(c)) {
                return OptionalLong.empty();
            }
            // Accumulate negatively so that Long.MIN_VALUE is reachable without overflow.
            try {
                value = Math.subtractExact(Math.multiplyExact(value, 10), c - '0');
            } catch (ArithmeticException overflow) {
                return OptionalLong.empty();
            }
        }
        if (negative) {
            return OptionalLong.of(value);
        }
        return value == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(-value);
    }

    /** Rust {@code i32::from_str}: as {@link #parseI64}, limited to {@code int} range. */
    static OptionalInt parseI32(String s) {
        OptionalLong wide = parseI64(s);
        if (wide.isEmpty() || wide.getAsLong() != (int) wide.getAsLong()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) wide.getAsLong());
    }
}
