package io.jdesk.protocol.net;

import java.util.Objects;

/**
 * RustDesk version strings ({@code "1.4.9"}, {@code "1.1.10-1"}) turned into comparable numbers.
 *
 * <p>Peers put their version into PunchHoleRequest, PunchHoleSent, LocalAddr, RelayResponse,
 * LoginRequest and PeerInfo (spec peer.md §1.6); hbbs and the clients gate behaviour on the
 * number computed here. The rule is hbb_common {@code src/lib.rs get_version_number}; vectors
 * in spec vectors.md V3.
 */
public final class Versions {

    /** Each dotted component occupies three decimal digits. */
    private static final long COMPONENT_SCALE = 1000;
    /** The last dotted component is scaled by ten to leave a digit for the "-N" patch level. */
    private static final long LAST_COMPONENT_SCALE = 10;

    private Versions() {
    }

    /**
     * The version number of {@code version}, exactly as upstream computes it.
     *
     * <p>The text before the first {@code '-'} is split at {@code '.'}; each component is
     * folded in as {@code n = n * 1000 + c}, and the last component is then counted ten times
     * instead of once. The text between the first and the second {@code '-'} (if any) is added
     * as a patch level; anything after a second {@code '-'} is ignored. So
     * {@code "1.1.10"} → 1 001 100, {@code "1.1.10-1"} → 1 001 101, {@code "1.2.3"} → 1 002 030.
     *
     * <p>Odd input never throws, matching upstream:
     * <ul>
     *   <li>A component or patch that is not a Rust {@code i64} literal (ASCII digits with an
     *       optional sign, in range) counts as 0: {@code ""} → 0, {@code "abc"} → 0,
     *       {@code "1.2.3-beta"} → 1 002 030, {@code "1..3"} → 1 000 030,
     *       {@code " 1.2.3"} → 2 030 (the space spoils the first component), and a component
     *       beyond {@code Long.MAX_VALUE} counts as 0. A leading {@code '+'} is accepted.</li>
     *   <li>The number of components is not checked, so the scale shifts with it:
     *       {@code "1"} → 10, {@code "1.2"} → 1 020, {@code "1.2.3.4"} → 1 002 003 040.</li>
     *   <li>Arithmetic wraps on overflow like upstream's release builds (which have no
     *       overflow checks): {@code "9223372036854775807.1"} → −990.</li>
     * </ul>
     *
     * @param version a version string as received, possibly empty or garbage
     * @return the version number; 0 for anything without a leading numeric component
     */
    public static long number(String version) {
        Objects.requireNonNull(version, "version");
        int firstDash = version.indexOf('-');
        String release = firstDash < 0 ? version : version.substring(0, firstDash);
        long n = releaseNumber(release);
        if (firstDash >= 0) {
            int secondDash = version.indexOf('-', firstDash + 1);
            String patch = secondDash < 0
                    ? version.substring(firstDash + 1)
                    : version.substring(firstDash + 1, secondDash);
            n += component(patch);
        }
        return n;
    }

    private static long releaseNumber(String release) {
        long n = 0;
        long last;
        int start = 0;
        while (true) {
            int dot = release.indexOf('.', start);
            last = component(dot < 0 ? release.substring(start) : release.substring(start, dot));
            n = n * COMPONENT_SCALE + last;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return n - last + last * LAST_COMPONENT_SCALE;
    }

    private static long component(String text) {
        return RustText.parseI64(text).orElse(0);
    }
}
