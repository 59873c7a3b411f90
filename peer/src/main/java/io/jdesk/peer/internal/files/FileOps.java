package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The changing file operations a controller may ask for (FileAction create, remove_file,
 * remove_dir, rename), on paths already confined by {@link SharedRoot}. Upstream's semantics
 * (rustdesk {@code src/ui_cm_interface.rs}, hbb_common {@code src/fs.rs}) with two safer
 * choices: rename never replaces an existing entry, and a recursive remove_dir that leaves
 * something behind reports it. Stateless.
 */
final class FileOps {

    private FileOps() {}

    /** create_dir_all. */
    static void create(SharedRoot root, List<String> parts) throws IOException {
        Files.createDirectories(root.forWrite(parts));
    }

    /** Removes a file or a link (never what a link points to). */
    static void removeFile(SharedRoot root, List<String> parts) throws IOException {
        Path entry = root.entry(parts);
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("Is a directory: " + SharedRoot.remote(parts));
        }
        Files.delete(entry);
    }

    /**
     * Removes a directory. Recursive is upstream's {@code remove_all_empty_dir}: links and empty
     * directories below go, regular files stay (the controller deletes those one by one first).
     */
    static void removeDir(SharedRoot root, List<String> parts, boolean recursive,
            FileLimits limits) throws IOException {
        Path dir = root.entry(parts);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("Not a directory: " + SharedRoot.remote(parts));
        }
        if (recursive) {
            removeEmptyTree(dir, limits);
        }
        try {
            Files.delete(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new RefusedException("Directory not empty: " + SharedRoot.remote(parts));
        }
    }

    /** Renames an entry within its directory; {@code newName} is one plain name. */
    static void rename(SharedRoot root, List<String> parts, String newName) throws IOException {
        if (newName.isEmpty()) {
            throw new RefusedException("New file name cannot be empty");
        }
        root.requireName(newName);
        Path entry = root.entry(parts);
        Path target = entry.resolveSibling(newName);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("File exists: " + newName);
        }
        Files.move(entry, target);
    }

    /** Deletes links and empty directories below {@code dir}, depth first, bounded. */
    private static void removeEmptyTree(Path dir, FileLimits limits) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<Path> pending = new ArrayList<>(List.of(dir));
        int visited = 0;
        while (!pending.isEmpty()) {
            Path next = pending.remove(pending.size() - 1);
            dirs.add(next);
            for (FileEntry child : Listing.directory(next, true, limits)) {
                if (++visited > limits.maxListingEntries()) {
                    throw new RefusedException("Too many entries (limit "
                            + limits.maxListingEntries() + ")");
                }
                Path p = next.resolve(child.getName());
                if (child.getEntryType() == FileType.Dir) {
                    pending.add(p);
                } else if (child.getEntryType() == FileType.DirLink
                        || child.getEntryType() == FileType.FileLink) {
                    Files.deleteIfExists(p);
                }
            }
        }
        for (int i = dirs.size() - 1; i > 0; i--) {
            try {
                Files.delete(dirs.get(i));
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // a file is left below; the caller's final delete reports it
            }
        }
    }
}
