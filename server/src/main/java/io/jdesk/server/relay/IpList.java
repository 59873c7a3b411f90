package io.jdesk.server.relay;

import io.jdesk.server.transport.Addresses;
import io.jdesk.server.transport.RealIp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An IP list of hbbr: {@code blacklist.txt} (throttled to LIMIT_SPEED) or {@code blocklist.txt}
 * (refused), spec/servers.md §9.4.
 *
 * <p>File format, as OSS reads it: UTF-8 text, one entry per line; each line is trimmed and
 * everything from its first space on is ignored, so {@code 1.2.3.4 spammer since May} lists
 * {@code 1.2.3.4}. jdesk skips blank lines (OSS adds an empty entry for them, which only shows
 * in the count). The file is read once at start; console changes are not written back.
 *
 * <p>Matching: an entry that is an IP literal is stored under its normalised form (IPv4-mapped
 * IPv6 as IPv4, IPv6 in Java's full form, without a scope), and addresses are normalised the same
 * way, so {@code ::ffff:1.2.3.4} matches {@code 1.2.3.4} and {@code 2001:DB8::1} matches
 * {@code 2001:db8:0:0:0:0:0:1}. OSS compares raw text and misses mapped addresses during a relay
 * (spec/servers.md §12 item 17). Any other text is kept and compared verbatim.
 *
 * <p>Thread-safe.
 */
public final class IpList {

    /** OSS file of throttled addresses (rustdesk-server relay_server.rs). */
    public static final String BLACKLIST_FILE = "blacklist.txt";

    /** OSS file of refused addresses (rustdesk-server relay_server.rs). */
    public static final String BLOCKLIST_FILE = "blocklist.txt";

    /** normalised key -> the entry as the operator wrote it */
    private final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();

    /** An empty list. */
    public IpList() {}

    /**
     * The list in {@code file}; empty when the file does not exist, as in OSS.
     *
     * @throws UncheckedIOException when the file exists but cannot be read (a blocklist that is
     *         silently ignored would let blocked clients in)
     */
    public static IpList load(Path file) {
        IpList list = new IpList();
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int space = trimmed.indexOf(' ');
            list.add(space < 0 ? trimmed : trimmed.substring(0, space));
        }
        return list;
    }

    /** Adds an entry; blank text is ignored. */
    public void add(String entry) {
        if (!entry.isBlank()) {
            entries.put(key(entry), entry);
        }
    }

    /** Removes an entry given in any equivalent form; returns whether it was listed. */
    public boolean remove(String entry) {
        return entries.remove(key(entry)) != null;
    }

    public void clear() {
        entries.clear();
    }

    /** Whether {@code ip} is listed (normalised). */
    public boolean contains(InetAddress ip) {
        return entries.containsKey(key(ip));
    }

    /** Whether the entry is listed, given in any equivalent form. */
    public boolean contains(String entry) {
        return entries.containsKey(key(entry));
    }

    /** The entries as written, sorted. */
    public List<String> entries() {
        return entries.values().stream().sorted().toList();
    }

    public int size() {
        return entries.size();
    }

    /** The lookup key of an entry: the normalised address for an IP literal, else the text. */
    static String key(String entry) {
        String s = entry.strip();
        int scope = s.indexOf('%');
        String literal = scope < 0 ? s : s.substring(0, scope);
        return RealIp.parseLiteral(literal).map(IpList::key).orElse(s);
    }

    /** The lookup key of an address. */
    static String key(InetAddress ip) {
        String host = Addresses.normalize(ip).getHostAddress();
        int scope = host.indexOf('%');
        return scope < 0 ? host : host.substring(0, scope);
    }
}
