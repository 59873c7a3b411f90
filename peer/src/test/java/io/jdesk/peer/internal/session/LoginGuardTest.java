package io.jdesk.peer.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.crypto.PasswordProof;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Brute-force throttling and temporary-password rotation (peer.md §6.6, §6.7), on a manual clock. */
class LoginGuardTest {

    static final String SALT = "23456789abcdefghijkmnpqrstuvwxyz";
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final byte[] h1 = PasswordProof.h1("right", SALT);

    boolean attempt(LoginGuard g, InetAddress ip, String password) {
        return g.check(ip, SALT, "abcdef", PasswordProof.proof(PasswordProof.h1(password, SALT), "abcdef"), h1);
    }

    @Test
    void sevenFailuresInOneMinuteBlockUntilTheNextMinute() throws Exception {
        LoginGuard g = new LoginGuard(now::get, new SecureRandom(), 0);
        InetAddress ip = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 7; i++) {
            assertThat(g.blocked(ip)).isEmpty();
            assertThat(attempt(g, ip, "wrong")).isFalse();
        }
        assertThat(g.blocked(ip)).contains("Please try 1 minute later");
        assertThat(g.blocked(InetAddress.getByName("192.0.2.2"))).isEmpty();
        now.addAndGet(60_000);
        assertThat(g.blocked(ip)).isEmpty();
        assertThat(attempt(g, ip, "right")).isTrue();
        assertThat(g.records()).isZero(); // success clears the record
    }

    @Test
    void moreThanThirtyFailuresInTotalBlockForGood() throws Exception {
        LoginGuard g = new LoginGuard(now::get, new SecureRandom(), 0);
        InetAddress ip = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 31; i++) {
            if (i % 6 == 0) {
                now.addAndGet(60_000);
            }
            attempt(g, ip, "wrong");
        }
        now.addAndGet(60_000);
        assertThat(g.blocked(ip)).contains("Too many wrong attempts");
    }

    @Test
    void ipv6PrefixesAreCountedTogether() throws Exception {
        LoginGuard g = new LoginGuard(now::get, new SecureRandom(), 0);
        for (int i = 0; i < 61; i++) {
            if (i % 6 == 0) {
                now.addAndGet(60_000);
            }
            attempt(g, InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1)), "wrong");
        }
        now.addAndGet(60_000);
        assertThat(g.blocked(InetAddress.getByName("2001:db8:1:2::ffff"))).contains(
                "Too many wrong attempts for IPv6 prefix /64");
        assertThat(g.blocked(InetAddress.getByName("2001:db8:1:3::1"))).isEmpty();
    }

    @Test
    void tenMissesRotateTheTemporaryPassword() throws Exception {
        LoginGuard g = new LoginGuard(now::get, new SecureRandom(), 6);
        String temp = g.temporaryPassword().orElseThrow();
        assertThat(temp).hasSize(6).matches("[" + PasswordProof.ALPHABET + "]{6}");
        for (int i = 0; i < 9; i++) {
            attempt(g, InetAddress.getByName("192.0.2." + (i + 1)), "wrong");
        }
        assertThat(g.temporaryPassword()).contains(temp);
        attempt(g, InetAddress.getByName("192.0.2.99"), "wrong");
        assertThat(g.temporaryPassword()).get().isNotEqualTo(temp);
    }

    @Test
    void recordsAreCapped() throws Exception {
        LoginGuard g = new LoginGuard(now::get, new SecureRandom(), 0);
        for (int i = 0; i < LoginGuard.MAX_RECORDS + 100; i++) {
            attempt(g, InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), "x");
        }
        assertThat(g.records()).isEqualTo(LoginGuard.MAX_RECORDS);
    }
}
