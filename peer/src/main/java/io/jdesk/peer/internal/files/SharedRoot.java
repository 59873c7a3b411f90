package io.jdesk.peer.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The folder a peer may see, and the mapping between its remote path strings and local paths.
 *
 * <p>Remote paths are POSIX-like absolute paths whose {@code "/"} is the shared folder:
 * {@code "/"} and {@code ""} name the folder itself, {@code "/docs/a.txt"} a file in it. The
 * separator is {@code '/'} only; a path without the leading {@code '/'} is read the same way
 * ({@code "docs"} = {@code "/docs"}). {@code "."} and empty components are dropped and
 * {@code ".."} steps up, but a path that steps above {@code "/"} is refused. Every component must
 * be one plain file name on this file system (no NUL, no drive letters or backslashes where
 * the platform would read them as separators).
 *
 * <p>Symbolic links: reading follows links, but the real path must still lie inside the real
 * path of the folder; writing follows links in the directories leading to the target with the
 * same check and never follows the target itself. The checks are path based, so a local
 * process that swaps a directory for a link between check and use can still race them (as in
 * upstream; files are opened with {@link LinkOption#NOFOLLOW_LINKS} to narrow the window).
 * Immutable and thread-safe.
 */
final class SharedRoot {

    static final String OUTSIDE = "Path is outside the shared folder";

    private final Path root;
    private final FileLimits limits;

    private SharedRoot(Path realRoot, FileLimits limits) {
        this.root = realRoot;
        this.limits = limits;
    }

    /** The shared folder {@code dir}, which must be an existing directory. */
    static SharedRoot of(Path dir, FileLimits limits) throws IOException {
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException("not a directory: " + dir);
        }
        return new SharedRoot(real, limits);
    }

    /** The real path of the folder. */
    Path path() {
        return root;
    }

    /** The components of a remote path, normalised; empty for the folder itself. */
    List<String> parse(String remote) throws RefusedException {
        if (remote.length() > limits.maxPathLength()) {
            throw new RefusedException("Path too long");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : remote.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new RefusedException(OUTSIDE);
                }
                parts.removeLast();
                continue;
            }
            requireName(part);
            parts.addLast(part);
            if (parts.size() > limits.maxDepth()) {
                throw new RefusedException("Path too deep");
            }
        }
        return List.copyOf(parts);
    }

    /**
     * A relative name from a job's file list ({@code "sub/a.txt"}): like {@link #parse} but
     * refused when absolute, empty or containing {@code ".."} at all (as upstream's
     * {@code validate_file_name_no_traversal}).
     */
    List<String> parseRelative(String name) throws RefusedException {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new RefusedException("Invalid file name in the job");
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                throw new RefusedException(OUTSIDE);
            }
        }
        return parse(name);
    }

    /** {@code "/" + components}: the canonical remote form. */
    static String remote(List<String> parts) {
        return "/" + String.join("/", parts);
    }

    /** An existing file or directory; links followed, the result confined to the folder. */
    Path existing(List<String> parts) throws IOException {
        Path real;
        try {
            real = lexical(root, parts).toRealPath();
        } catch (NoSuchFileException e) {
            throw new RefusedException("No such file or directory: " + remote(parts));
        }
        requireInside(real);
        return real;
    }

    /**
     * The local path to write {@code parts} at (it may not exist yet): the directories leading
     * to it resolved and confined, the last component not followed.
     */
    Path forWrite(List<String> parts) throws IOException {
        if (parts.isEmpty()) {
            throw new RefusedException("Cannot write to the shared folder itself");
        }
        Path dir = root;
        int i = 0;
        for (; i < parts.size() - 1; i++) {
            Path next = dir.resolve(parts.get(i));
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            dir = next.toRealPath();
            requireInside(dir);
        }
        return lexical(dir, parts.subList(i, parts.size()));
    }

    /** An existing entry to remove or rename: its directory confined, the entry not followed. */
    Path entry(List<String> parts) throws IOException {
        if (parts.isEmpty()) {
            throw new RefusedException("Cannot change the shared folder itself");
        }
        Path parent = existing(parts.subList(0, parts.size() - 1));
        Path entry = parent.resolve(parts.get(parts.size() - 1));
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("No such file or directory: " + remote(parts));
        }
        return entry;
    }

    /** A real path must be the folder or below it. */
    void requireInside(Path real) throws RefusedException {
        if (!real.startsWith(root)) {
            throw new RefusedException(OUTSIDE);
        }
    }

    /** One plain file name on this file system: no separators, roots or NUL. */
    void requireName(String name) throws RefusedException {
        if (name.length() > limits.maxPathLength() || name.indexOf('\0') >= 0) {
            throw new RefusedException("Invalid file name");
        }
        try {
            Path p = root.getFileSystem().getPath(name);
            if (p.isAbsolute() || p.getRoot() != null || p.getNameCount() != 1
                    || !p.toString().equals(name) || name.equals(".") || name.equals("..")) {
                throw new RefusedException("Invalid file name");
            }
        } catch (InvalidPathException e) {
            throw new RefusedException("Invalid file name");
        }
    }

    private static Path lexical(Path base, List<String> parts) {
        Path p = base;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
