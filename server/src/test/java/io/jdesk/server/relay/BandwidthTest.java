package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The OSS units and defaults of the bandwidth settings (spec/servers.md §9.5). */
class BandwidthTest {

    @Test
    void ossDefaults() {
        assertThat(Bandwidth.OSS_DEFAULTS).isEqualTo(new Bandwidth(1024L << 20, 128L << 20, 32L << 20, 66, 1_800_000));
        assertThat(Bandwidth.ofOss(0, -1, 0, 0, 0)).as("values not > 0 keep the default").isEqualTo(Bandwidth.OSS_DEFAULTS);
    }

    @Test
    void megabitsAreBinaryAndTruncatedLikeHbbr() {
        assertThat(Bandwidth.mbps(1)).isEqualTo(1_048_576);
        assertThat(Bandwidth.mbps(0.5)).isEqualTo(524_288);
        assertThat(Bandwidth.mbps(0.1)).isEqualTo(104_857); // 104857.6 truncated
        assertThat(Bandwidth.hundredths(0.666)).isEqualTo(66);
        assertThat(Bandwidth.ofOss(10, 20, 4, 0.5, 60))
                .isEqualTo(new Bandwidth(10L << 20, 20L << 20, 4L << 20, 50, 60_000));
    }

    @Test
    void printedAsHbbrPrintsThem() {
        assertThat(Bandwidth.formatMbps(32L << 20)).isEqualTo("32");
        assertThat(Bandwidth.formatMbps(Bandwidth.mbps(0.5))).isEqualTo("0.5");
        assertThat(Bandwidth.formatMbps(Bandwidth.UNLIMITED)).isEqualTo("unlimited");
        assertThat(Bandwidth.plain(0.66)).isEqualTo("0.66");
    }

    @Test
    void nonPositiveSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new Bandwidth(0, 1, 1, 1, 1)).hasMessageContaining("TOTAL_BANDWIDTH");
        assertThatThrownBy(() -> Bandwidth.mbps(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
