package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerIdsTest {

    /** The command-injection sample of rustdesk's untrusted_peer_id_validation test. */
    private static final String INJECTION_SAMPLE = "1\" & oWS.Run(\"cmd.exe /k whoami /priv\",1,False) & \"";

    /** vectors.md V9 (rustdesk src/common.rs untrusted_peer_id_validation). */
    static Stream<Arguments> v9() {
        return Stream.of(
                argumentSet("V9 valid digits", "123456789", true),
                argumentSet("V9 valid non-ASCII", "m\u00FCnchen-pc", true),
                argumentSet("V9 valid ip:port", "192.168.1.10:21118", true),
                argumentSet("V9 valid id@server", "9123456234@public", true),
                argumentSet("V9 invalid command injection", INJECTION_SAMPLE, false),
                argumentSet("V9 invalid empty", "", false),
                argumentSet("V9 invalid space", "peer id", false),
                argumentSet("V9 invalid newline", "peer\nid", false),
                argumentSet("V9 invalid slash", "peer/id", false),
                argumentSet("V9 invalid question mark", "peer?id", false));
    }

    /** Further cases; expected values were obtained by running upstream's function. */
    static Stream<Arguments> untrustedEdgeCases() {
        return Stream.of(
                argumentSet("ampersand allowed", "peer&id", true),
                argumentSet("single quote allowed", "a'b", true),
                argumentSet("shell metacharacters allowed", "a:b;c$(x)`y`", true),
                argumentSet("percent allowed", "a%b", true),
                argumentSet("less-than", "a<b", false),
                argumentSet("greater-than", "a>b", false),
                argumentSet("backslash", "a\\b", false),
                argumentSet("pipe", "a|b", false),
                argumentSet("asterisk", "a*b", false),
                argumentSet("quote alone", "\"", false),
                argumentSet("tab", "a\tb", false),
                argumentSet("DEL", "a\u007Fb", false),
                argumentSet("U+001C control", "a\u001Cb", false),
                argumentSet("NEL", "a\u0085b", false),
                argumentSet("no-break space", "a\u00A0b", false),
                argumentSet("figure space", "a\u2007b", false),
                argumentSet("narrow no-break space", "a\u202Fb", false),
                argumentSet("ogham space", "a\u1680b", false),
                argumentSet("medium math space", "a\u205Fb", false),
                argumentSet("line separator", "a\u2028b", false),
                argumentSet("ideographic space", "a\u3000b", false),
                argumentSet("zero-width space allowed", "a\u200Bb", true),
                argumentSet("BOM allowed", "a\uFEFFb", true),
                argumentSet("Mongolian vowel separator allowed", "a\u180Eb", true),
                argumentSet("left-to-right mark allowed", "a\u200Eb", true),
                argumentSet("replacement char allowed", "a\uFFFDb", true),
                argumentSet("lone surrogate refused", "a\uD800b", false),
                argumentSet("253 ASCII bytes", "a".repeat(253), true),
                argumentSet("254 ASCII bytes", "a".repeat(254), false),
                argumentSet("253 bytes with 2-byte chars", "\u00FC".repeat(126) + "a", true),
                argumentSet("254 bytes with 2-byte chars", "\u00FC".repeat(127), false),
                argumentSet("253 bytes with 4-byte chars", "\uD83D\uDE00".repeat(63) + "a", true),
                argumentSet("256 bytes with 4-byte chars", "\uD83D\uDE00".repeat(64), false));
    }

    @ParameterizedTest
    @MethodSource({"v9", "untrustedEdgeCases"})
    void isValidUntrusted(String id, boolean expected) {
        assertThat(PeerIds.isValidUntrusted(id)).isEqualTo(expected);
    }

    static Stream<Arguments> registration() {
        return Stream.of(
                argumentSet("empty", "", false),
                argumentSet("5 bytes", "12345", false),
                argumentSet("6 bytes", "123456", true),
                argumentSet("9-digit default", "123456789", true),
                argumentSet("3 chars but 6 UTF-8 bytes", "\u00FC\u00FC\u00FC", true),
                argumentSet("5 chars, 5 bytes", "abcde", false),
                argumentSet("no character rule", "a b/c?", true),
                argumentSet("no upper bound", "1".repeat(10_000), true));
    }

    @ParameterizedTest
    @MethodSource("registration")
    void isValidRegistrationId(String id, boolean expected) {
        assertThat(PeerIds.isValidRegistrationId(id)).isEqualTo(expected);
    }

    /** hbb_common is_valid_custom_id; expected values were obtained by running upstream's function. */
    static Stream<Arguments> customIds() {
        return Stream.of(
                argumentSet("6 letters", "abcdef", true),
                argumentSet("5 letters", "abcde", false),
                argumentSet("15 chars", "a23456789012345", true),
                argumentSet("16 chars", "a234567890123456", true),
                argumentSet("17 chars", "a2345678901234567", false),
                argumentSet("starts with digit", "1abcdef", false),
                argumentSet("9-digit default ID is not a custom ID", "123456789", false),
                argumentSet("underscore and hyphen", "ab_d-f", true),
                argumentSet("upper case", "ABCDEF", true),
                argumentSet("non-ASCII letter after the first", "a\u00FCnchen", true),
                argumentSet("non-ASCII first letter", "\u00FCabcdef", false),
                argumentSet("Arabic-Indic digits", "a\u0661\u0662345", true),
                argumentSet("zero-width joiner", "a\u200D2345", true),
                argumentSet("combining mark", "a\u0301bcdef", true),
                argumentSet("trailing newline", "abcde\n", false),
                argumentSet("space", "ab cdef", false),
                argumentSet("dot", "ab.cdef", false),
                argumentSet("16 code points, 17 chars (surrogate pair)", "a" + "\uD835\uDC00" + "b".repeat(14), true),
                argumentSet("empty", "", false));
    }

    @ParameterizedTest
    @MethodSource("customIds")
    void isValidCustomId(String id, boolean expected) {
        assertThat(PeerIds.isValidCustomId(id)).isEqualTo(expected);
    }

    @Test
    void randomDefaultIdIsNineDigitsInOneKvmRange() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            String id = PeerIds.randomDefaultId(random);
            assertThat(id).hasSize(9).containsOnlyDigits();
            assertThat(Integer.parseInt(id))
                    .isGreaterThanOrEqualTo(PeerIds.DEFAULT_ID_ORIGIN)
                    .isLessThan(PeerIds.DEFAULT_ID_BOUND);
            assertThat(PeerIds.isValidRegistrationId(id)).isTrue();
            assertThat(PeerIds.isValidUntrusted(id)).isTrue();
        }
    }

    @Test
    void randomDefaultIdIsDeterministicForASeedAndVaries() {
        assertThat(PeerIds.randomDefaultId(new SplittableRandom(7)))
                .isEqualTo(PeerIds.randomDefaultId(new SplittableRandom(7)));
        Set<String> seen = new HashSet<>();
        SecureRandom secure = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            seen.add(PeerIds.randomDefaultId(secure));
        }
        assertThat(seen).hasSizeGreaterThan(90);
    }

    @Test
    void randomDefaultIdNeedsAGenerator() {
        assertThatNullPointerException().isThrownBy(() -> PeerIds.randomDefaultId(null));
    }
}
