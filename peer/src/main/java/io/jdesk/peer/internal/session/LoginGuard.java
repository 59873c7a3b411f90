package io.jdesk.peer.internal.session;

import io.jdesk.protocol.crypto.PasswordProof;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The device's defence against password guessing (peer.md §6.6, §6.7), shared by all its
 * connections: per source IP a record of (minute, failures in that minute, total failures), for
 * IPv6 also per /64, /56 and /48 prefix; and the temporary password, rotated after 10
 * consecutive misses from anyone, at start and after every authorized session.
 *
 * <p>The records live in memory, capped at {@link #MAX_RECORDS} (the oldest is forgotten first),
 * so a flood of source addresses costs bounded memory.
 */
public final class LoginGuard {

    public static final int MAX_RECORDS = 65_536;
    static final int MAX_TOTAL = 30;
    static final int MAX_PER_MINUTE = 6;
    static final int TEMPORARY_MISSES_BEFORE_ROTATION = 10;
    private static final int[][] V6_PREFIXES = {{64, 60}, {56, 80}, {48, 100}};

    private final LongSupplier wallClockMillis;
    private final SecureRandom random;
    private final int temporaryLength;
    private final Map<String, Failures> records = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoginGuard.Failures> eldest) {
            return size() > MAX_RECORDS;
        }
    };
    private String temporaryPassword; // null when disabled
    private int temporaryMisses;

    /**
     * @param temporaryLength 6, 8 or 10; 0 disables the temporary password
     */
    public LoginGuard(LongSupplier wallClockMillis, SecureRandom random, int temporaryLength) {
        if (temporaryLength != 0 && temporaryLength != 6 && temporaryLength != 8 && temporaryLength != 10) {
            throw new IllegalArgumentException("temporary password length must be 6, 8 or 10 (or 0 for none)");
        }
        this.wallClockMillis = wallClockMillis;
        this.random = random;
        this.temporaryLength = temporaryLength;
        rotateTemporaryPassword();
    }

    private static final class Failures {
        long minute;
        int inMinute;
        int total;
    }

    /** The current temporary password, if enabled. */
    public synchronized Optional<String> temporaryPassword() {
        return Optional.ofNullable(temporaryPassword);
    }

    public synchronized void rotateTemporaryPassword() {
        temporaryPassword = temporaryLength == 0 ? null : PasswordProof.randomString(temporaryLength, random);
        temporaryMisses = 0;
    }

    /** The error to send instead of checking the password, when {@code ip} is throttled. */
    public synchronized Optional<String> blocked(InetAddress ip) {
        long minute = wallClockMillis.getAsLong() / 60_000;
        Failures own = records.get(ip.getHostAddress());
        if (own != null) {
            if (own.total > MAX_TOTAL) {
                return Optional.of("Too many wrong attempts");
            }
            if (own.minute == minute && own.inMinute > MAX_PER_MINUTE) {
                return Optional.of("Please try 1 minute later");
            }
        }
        for (String key : prefixKeys(ip)) {
            Failures f = records.get(key);
            int bits = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
            if (f != null && f.total > limitFor(bits)) {
                return Optional.of("Too many wrong attempts for IPv6 prefix /" + bits);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a LoginRequest's proof: the temporary password first, then the permanent one.
     *
     * @param permanentH1 the stored hash of the permanent password, or null
     * @return true when one matches; the failure is counted otherwise
     */
    public synchronized boolean check(InetAddress ip, String salt, String challenge, byte[] proof, byte[] permanentH1) {
        boolean temporaryOk = temporaryPassword != null
                && PasswordProof.verify(PasswordProof.h1(temporaryPassword, salt), challenge, proof);
        boolean permanentOk = !temporaryOk && permanentH1 != null && PasswordProof.verify(permanentH1, challenge, proof);
        if (temporaryOk || permanentOk) {
            records.remove(ip.getHostAddress());
            prefixKeys(ip).forEach(records::remove);
            if (temporaryOk) {
                temporaryMisses = 0;
            }
            return true;
        }
        long minute = wallClockMillis.getAsLong() / 60_000;
        count(ip.getHostAddress(), minute);
        prefixKeys(ip).forEach(k -> count(k, minute));
        if (temporaryPassword != null && ++temporaryMisses >= TEMPORARY_MISSES_BEFORE_ROTATION) {
            rotateTemporaryPassword();
        }
        return false;
    }

    private void count(String key, long minute) {
        Failures f = records.computeIfAbsent(key, k -> new Failures());
        if (f.minute != minute) {
            f.minute = minute;
            f.inMinute = 0;
        }
        f.inMinute++;
        f.total++;
    }

    private static int limitFor(int bits) {
        for (int[] p : V6_PREFIXES) {
            if (p[0] == bits) {
                return p[1];
            }
        }
        throw new IllegalArgumentException("prefix " + bits);
    }

    private static List<String> prefixKeys(InetAddress ip) {
        List<String> keys = new ArrayList<>(3);
        if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            for (int[] p : V6_PREFIXES) {
                byte[] masked = new byte[16];
                System.arraycopy(b, 0, masked, 0, p[0] / 8);
                try {
                    keys.add(InetAddress.getByAddress(masked).getHostAddress() + "/" + p[0]);
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    synchronized int records() {
        return records.size();
    }
}
