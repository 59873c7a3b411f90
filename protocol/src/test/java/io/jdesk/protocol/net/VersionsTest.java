package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VersionsTest {

    /** vectors.md V3 (hbb_common test_get_version_number). */
    static Stream<Arguments> v3() {
        return Stream.of(
                argumentSet("V3 1.1.10", "1.1.10", 1_001_100L),
                argumentSet("V3 1.1.10-1", "1.1.10-1", 1_001_101L),
                argumentSet("V3 1.1.11-1", "1.1.11-1", 1_001_111L),
                argumentSet("V3 1.2.3", "1.2.3", 1_002_030L));
    }

    /** Odd input; expected values were obtained by running upstream's function. */
    static Stream<Arguments> oddInput() {
        return Stream.of(
                argumentSet("empty", "", 0L),
                argumentSet("letters", "abc", 0L),
                argumentSet("one component", "1", 10L),
                argumentSet("two components", "1.2", 1_020L),
                argumentSet("four components", "1.2.3.4", 1_002_003_040L),
                argumentSet("trailing dot", "1.2.3.", 1_002_003_000L),
                argumentSet("empty middle component", "1..3", 1_000_030L),
                argumentSet("leading space spoils first component", " 1.2.3", 2_030L),
                argumentSet("plus sign accepted", "1.+2.3", 1_002_030L),
                argumentSet("lone plus is not a number", "1.2.+", 1_002_000L),
                argumentSet("leading dash leaves nothing before it", "-1.2.3", 0L),
                argumentSet("non-ASCII digit counts as 0", "\u0661.2.3", 2_030L),
                argumentSet("component beyond long range counts as 0", "99999999999999999999.1", 10L),
                argumentSet("overflow wraps", "9223372036854775807.1", -990L),
                argumentSet("patch with plus", "1.2.3-+5", 1_002_035L),
                argumentSet("double dash: empty patch", "1.2.3--5", 1_002_030L),
                argumentSet("second patch ignored", "1.2.3-4-5", 1_002_034L),
                argumentSet("empty patch", "1.2.3-", 1_002_030L),
                argumentSet("textual patch", "1.2.3-beta", 1_002_030L),
                argumentSet("huge patch wraps", "1.2.3-9223372036854775807", -9_223_372_036_853_773_779L));
    }

    @ParameterizedTest
    @MethodSource({"v3", "oddInput"})
    void number(String version, long expected) {
        assertThat(Versions.number(version)).isEqualTo(expected);
    }
}
