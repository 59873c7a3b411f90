package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.FileDirectory;
import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Directory listings as FileEntry lists, shaped like upstream's (hbb_common {@code src/fs.rs}
 * {@code read_dir}, {@code get_recursive_files}, {@code get_empty_dirs_recursive}), with bounds.
 * Entries are sorted by name (upstream sends the OS order). Stateless.
 */
final class Listing {

    private Listing() {}

    /**
     * The entries of one directory. Upstream's rules: a link is DirLink or FileLink with size
     * 0, a directory has size 0, everything else (special files too) is a File with its
     * length; hidden = name starts with '.' (plus the DOS hidden attribute where the file
     * system has one).
     */
    static List<FileEntry> directory(Path dir, boolean includeHidden, FileLimits limits)
            throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                if (entries.size() >= limits.maxListingEntries()) {
                    throw new RefusedException("Too many entries in the directory (limit "
                            + limits.maxListingEntries() + ")");
                }
                FileEntry entry = entry(child);
                if (entry != null && (includeHidden || !entry.getIsHidden())) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.comparing(FileEntry::getName));
        return entries;
    }

    /**
     * The regular files of a job that sends {@code start}: for a file, one entry with an empty
     * name (upstream's single-file form); for a directory, every regular file below it with
     * its '/'-separated relative name. Links and special files are skipped, as upstream skips
     * everything that is not File or Dir.
     */
    static List<FileEntry> files(Path start, boolean includeHidden, FileLimits limits)
            throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(start, BasicFileAttributes.class);
        if (attrs.isRegularFile()) {
            return List.of(fileEntry("", attrs, false));
        }
        if (!attrs.isDirectory()) {
            throw new RefusedException("Not a regular file or directory");
        }
        List<FileEntry> files = new ArrayList<>();
        Walk walk = new Walk(limits);
        walk.visit(start, "", 0, includeHidden, (dir, prefix, children) -> {
            for (FileEntry child : children) {
                if (child.getEntryType() == FileType.File && Files.isRegularFile(
                        dir.resolve(child.getName()), LinkOption.NOFOLLOW_LINKS)) {
                    if (files.size() >= limits.maxFilesPerJob()) {
                        throw new RefusedException("Too many files (limit "
                                + limits.maxFilesPerJob() + ")");
                    }
                    files.add(child.toBuilder().setName(prefix + child.getName()).build());
                }
            }
            return true;
        });
        return files;
    }

    /**
     * The directories below {@code start} (itself included) whose listing is empty, each as a
     * FileDirectory with its remote path and no entries (upstream
     * {@code read_empty_dirs_recursive}).
     */
    static List<FileDirectory> emptyDirs(Path start, String remoteStart, boolean includeHidden,
            FileLimits limits) throws IOException {
        List<FileDirectory> dirs = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return dirs;
        }
        String base = remoteStart.endsWith("/") ? remoteStart : remoteStart + "/";
        new Walk(limits).visit(start, "", 0, includeHidden, (dir, prefix, children) -> {
            if (children.isEmpty()) {
                if (dirs.size() >= limits.maxFilesPerJob()) {
                    throw new RefusedException("Too many directories (limit "
                            + limits.maxFilesPerJob() + ")");
                }
                String path = prefix.isEmpty() ? remoteStart
                        : base + prefix.substring(0, prefix.length() - 1);
                dirs.add(FileDirectory.newBuilder().setPath(path).build());
                return false;
            }
            return true;
        });
        return dirs;
    }

    /** One entry, or null when the name is unusable or the entry vanished. */
    static FileEntry entry(Path p) throws IOException {
        Path fileName = p.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (name.isEmpty()) {
            return null;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        boolean hidden = name.startsWith(".") || dosHidden(p);
        if (attrs.isSymbolicLink()) {
            FileType type = Files.isDirectory(p) ? FileType.DirLink : FileType.FileLink;
            return FileEntry.newBuilder().setName(name).setEntryType(type).setIsHidden(hidden)
                    .setModifiedTime(seconds(attrs)).build();
        }
        if (attrs.isDirectory()) {
            return FileEntry.newBuilder().setName(name).setEntryType(FileType.Dir)
                    .setIsHidden(hidden).setModifiedTime(seconds(attrs)).build();
        }
        return fileEntry(name, attrs, hidden);
    }

    private static FileEntry fileEntry(String name, BasicFileAttributes attrs, boolean hidden) {
        return FileEntry.newBuilder().setName(name).setEntryType(FileType.File)
                .setIsHidden(hidden).setSize(attrs.size()).setModifiedTime(seconds(attrs))
                .build();
    }

    private static long seconds(BasicFileAttributes attrs) {
        return Math.max(0, attrs.lastModifiedTime().toInstant().getEpochSecond());
    }

    private static boolean dosHidden(Path p) {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("dos")) {
            return false;
        }
        try {
            return Files.readAttributes(p, DosFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isHidden();
        } catch (IOException e) {
            return false;
        }
    }

    /** What a walk does with one directory; returns whether to descend into its Dir entries. */
    @FunctionalInterface
    private interface Visitor {
        boolean visit(Path dir, String prefix, List<FileEntry> children) throws IOException;
    }

    private record Frame(Path dir, String prefix, int depth) {}

    /** Depth-first walk over real directories only (links are not followed), bounded. */
    private static final class Walk {
        private final FileLimits limits;
        private int visited;

        Walk(FileLimits limits) {
            this.limits = limits;
        }

        void visit(Path start, String startPrefix, int startDepth, boolean includeHidden,
                Visitor visitor) throws IOException {
            Deque<Frame> stack = new ArrayDeque<>();
            stack.push(new Frame(start, startPrefix, startDepth));
            while (!stack.isEmpty()) {
                Frame top = stack.pop();
                Path dir = top.dir();
                String prefix = top.prefix();
                int depth = top.depth();
                List<FileEntry> children = directory(dir, includeHidden, limits);
                visited += children.size();
                if (visited > limits.maxListingEntries()) {
                    throw new RefusedException("Too many entries (limit "
                            + limits.maxListingEntries() + ")");
                }
                if (!visitor.visit(dir, prefix, children)) {
                    continue;
                }
                for (int i = children.size() - 1; i >= 0; i--) {
                    FileEntry child = children.get(i);
                    if (child.getEntryType() != FileType.Dir) {
                        continue;
                    }
                    if (depth + 1 > limits.maxDepth()) {
                        throw new RefusedException("Directory tree too deep (limit "
                                + limits.maxDepth() + ")");
                    }
                    stack.push(new Frame(dir.resolve(child.getName()),
                            prefix + child.getName() + "/", depth + 1));
                }
            }
        }
    }
}
