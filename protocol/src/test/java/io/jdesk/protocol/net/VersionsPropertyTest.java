package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class VersionsPropertyTest {

    /** Edge cases off: eight parameters would combine into more edge cases than tries. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    void orderOfSmallVersionsIsPreserved(
            @ForAll @IntRange(max = 999) int major1, @ForAll @IntRange(max = 999) int minor1,
            @ForAll @IntRange(max = 99) int patch1, @ForAll @IntRange(max = 9) int build1,
            @ForAll @IntRange(max = 999) int major2, @ForAll @IntRange(max = 999) int minor2,
            @ForAll @IntRange(max = 99) int patch2, @ForAll @IntRange(max = 9) int build2) {
        int[] a = {major1, minor1, patch1, build1};
        int[] b = {major2, minor2, patch2, build2};
        long na = Versions.number(major1 + "." + minor1 + "." + patch1 + "-" + build1);
        long nb = Versions.number(major2 + "." + minor2 + "." + patch2 + "-" + build2);
        assertThat(Long.signum(Long.compare(na, nb))).isEqualTo(Integer.signum(Arrays.compare(a, b)));
    }

    @Property
    void patchZeroEqualsNoPatch(
            @ForAll @IntRange(max = 999) int major, @ForAll @IntRange(max = 999) int minor,
            @ForAll @IntRange(max = 99) int patch) {
        String v = major + "." + minor + "." + patch;
        assertThat(Versions.number(v + "-0")).isEqualTo(Versions.number(v));
    }
}
