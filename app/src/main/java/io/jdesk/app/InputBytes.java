package io.jdesk.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns the dissector's input argument into bytes.
 *
 * <ul>
 *   <li>{@code @path} reads the file, {@code -} reads standard input;
 *   <li>anything else is text.
 * </ul>
 *
 * <p>Text is hex when it consists of hex digits (whitespace, {@code :} and a leading {@code 0x}
 * allowed, as {@code xxd -p}, Wireshark and tshark print them), otherwise standard or URL-safe
 * Base64. File and stdin content is taken as such text when it is entirely printable ASCII and
 * decodes that way, and as raw binary bytes otherwise (a capture written with {@code tshark -w}
 * or {@code dd}). The size read is capped: this is a debugging tool, not a bulk decoder.
 */
final class InputBytes {

    /** Largest input read from a file or stdin (64 MiB). */
    static final int MAX_INPUT = 64 << 20;

    private static final Pattern HEX = Pattern.compile("(?:0x)?(?:[0-9a-fA-F]{2}[\\s:]*)*");
    private static final Pattern SEPARATORS = Pattern.compile("0x|[\\s:]");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_=\\-\\s]*");

    private InputBytes() {}

    static byte[] read(String arg, InputStream stdin) {
        if (arg.equals("-")) {
            return fromContent(readCapped(stdin, "standard input"));
        }
        if (arg.startsWith("@")) {
            Path path = Path.of(arg.substring(1));
            try (InputStream in = Files.newInputStream(path)) {
                return fromContent(readCapped(in, path.toString()));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        byte[] text = fromText(arg.strip());
        if (text == null) {
            throw new IllegalArgumentException(
                    "input is neither hex nor Base64 (use @file for a binary file, - for stdin)");
        }
        return text;
    }

    /** Hex or Base64 text to bytes; {@code null} when it is neither. */
    static byte[] fromText(String s) {
        if (HEX.matcher(s).matches()) {
            return HexFormat.of().parseHex(SEPARATORS.matcher(s).replaceAll(""));
        }
        if (BASE64.matcher(s).matches()) {
            String compact = s.replaceAll("\\s", "");
            try {
                return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(compact)
                        : Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] fromContent(byte[] content) {
        if (content.length > 0 && isPrintableAscii(content)) {
            byte[] text = fromText(new String(content, StandardCharsets.US_ASCII).strip());
            if (text != null) {
                return text;
            }
        }
        return content;
    }

    private static boolean isPrintableAscii(byte[] b) {
        for (byte c : b) {
            if (!(c >= 0x20 && c < 0x7f) && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static byte[] readCapped(InputStream in, String what) {
        try {
            byte[] data = in.readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                throw new IllegalArgumentException(what + " is larger than " + (MAX_INPUT >> 20) + " MiB");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
