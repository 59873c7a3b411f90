package io.jdesk.protocol.net;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Rules for RustDesk peer IDs: what a client accepts from untrusted sources, what hbbs accepts
 * in RegisterPk, the custom-ID format of an ID change, and a default ID for a new device.
 * Spec peer.md §2.7, servers.md §5.3 and §8.4, vectors.md V9.
 *
 * <p>Lengths named "bytes" are UTF-8 byte counts, because upstream measures Rust strings with
 * {@code len()}; lengths named "characters" are code points.
 */
public final class PeerIds {

    /**
     * Longest ID rustdesk accepts from an untrusted source, in UTF-8 bytes
     * (rustdesk {@code src/common.rs MAX_UNTRUSTED_PEER_ID_LEN}).
     */
    public static final int MAX_UNTRUSTED_ID_BYTES = 253;
    /**
     * Shortest ID OSS hbbs binds in a UDP RegisterPk, in UTF-8 bytes; shorter IDs are answered
     * UUID_MISMATCH (rustdesk-server {@code src/rendezvous_server.rs}, RegisterPk branch).
     */
    public static final int MIN_REGISTRATION_ID_BYTES = 6;
    /** Custom IDs have 6..16 characters (hbb_common {@code src/lib.rs is_valid_custom_id}). */
    public static final int MIN_CUSTOM_ID_LENGTH = 6;
    /** See {@link #MIN_CUSTOM_ID_LENGTH}. */
    public static final int MAX_CUSTOM_ID_LENGTH = 16;
    /** Smallest default ID (inclusive), One-KVM's range (spec peer.md §2.7). */
    public static final int DEFAULT_ID_ORIGIN = 100_000_000;
    /** Default IDs stay below this (exclusive bound), One-KVM's range (spec peer.md §2.7). */
    public static final int DEFAULT_ID_BOUND = 999_999_999;

    /**
     * Characters rustdesk refuses in untrusted IDs ({@code UNTRUSTED_PEER_ID_FORBIDDEN_CHARS}):
     * quote, angle brackets, both slashes, pipe, question mark, asterisk. They are the ones that
     * break out of quoted shell, script and file-name contexts on Windows.
     */
    private static final String FORBIDDEN_UNTRUSTED_CHARS = "\"<>/\\|?*";

    private PeerIds() {
    }

    /**
     * rustdesk {@code src/common.rs is_valid_untrusted_peer_id}: the check an official client
     * applies to peer IDs arriving from LAN discovery and similar untrusted places before it
     * stores them or writes them into commands and scripts.
     *
     * <p>Valid iff non-empty, at most {@value #MAX_UNTRUSTED_ID_BYTES} UTF-8 bytes, and free of
     * control characters (Cc), Unicode white space (including no-break spaces), and the
     * characters {@code " < > / \ | ? *}. Everything else passes: {@code ':'}, {@code '@'},
     * {@code '&'}, {@code '%'}, non-ASCII letters, and also invisible format characters such as
     * U+200B or U+FEFF. An unpaired surrogate, which no Rust string can contain, is refused.
     */
    public static boolean isValidUntrusted(String id) {
        if (id.isEmpty() || RustText.utf8Length(id) > MAX_UNTRUSTED_ID_BYTES) {
            return false;
        }
        return id.codePoints().noneMatch(cp -> RustText.isControl(cp)
                || RustText.isWhiteSpace(cp)
                || FORBIDDEN_UNTRUSTED_CHARS.indexOf(cp) >= 0
                || Character.getType(cp) == Character.SURROGATE);
    }

    /**
     * The only ID check of OSS hbbs on a UDP RegisterPk (with non-empty uuid and pk): at least
     * {@value #MIN_REGISTRATION_ID_BYTES} UTF-8 bytes. There is no upper bound and no character
     * rule; OSS answers a failing ID with UUID_MISMATCH (not INVALID_ID_FORMAT), which makes the
     * client drop its ID and pick a random one. Callers that must bound memory apply their
     * own limit on top (for example {@link #isValidUntrusted}).
     */
    public static boolean isValidRegistrationId(String id) {
        return RustText.utf8Length(id) >= MIN_REGISTRATION_ID_BYTES;
    }

    /**
     * hbb_common {@code src/lib.rs is_valid_custom_id}: the format behind INVALID_ID_FORMAT. An
     * official client checks a new ID with it before asking the server for an ID change, and
     * hbbs answered INVALID_ID_FORMAT with it while OSS still supported ID change
     * (spec servers.md §8.4).
     *
     * <p>Valid iff 6..16 characters, the first an ASCII letter, the rest word characters or
     * {@code '-'}. "Word character" is the Unicode-aware {@code \w} of the Rust regex crate
     * (letters of any script, marks, decimal digits, connector punctuation such as {@code '_'},
     * and the joiners U+200C/U+200D), so {@code "aüß_-1"} is valid while {@code "1abcde"},
     * {@code "ab.cde"} and {@code "äbcdef"} are not.
     */
    public static boolean isValidCustomId(String id) {
        int[] cps = id.codePoints().toArray();
        if (cps.length < MIN_CUSTOM_ID_LENGTH || cps.length > MAX_CUSTOM_ID_LENGTH) {
            return false;
        }
        int first = cps[0];
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < cps.length; i++) {
            if (cps[i] != '-' && !RustText.isUnicodeWordChar(cps[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A fresh default ID for a new device: a decimal number drawn uniformly from
     * [{@value #DEFAULT_ID_ORIGIN}, {@value #DEFAULT_ID_BOUND}), always nine digits, as One-KVM
     * does. Pass a {@link java.security.SecureRandom} in production so IDs are not guessable
     * from one another; tests pass a seeded generator.
     */
    public static String randomDefaultId(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return Integer.toString(random.nextInt(DEFAULT_ID_ORIGIN, DEFAULT_ID_BOUND));
    }
}
