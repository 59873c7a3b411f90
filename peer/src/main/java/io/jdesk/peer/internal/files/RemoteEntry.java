package io.jdesk.peer.internal.files;

import io.jdesk.protocol.proto.FileEntry;
import io.jdesk.protocol.proto.FileType;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a remote directory listing (FileEntry, peer.md §7.10).
 *
 * @param name the entry's name in its directory
 * @param type Dir, DirLink, DirDrive (Windows drives), File or FileLink; links have size 0
 * @param hidden whether the remote side counts it as hidden
 * @param size bytes for a File (the wire's u64, clamped to {@code Long.MAX_VALUE}), else 0
 * @param modified last modification, whole seconds
 */
public record RemoteEntry(String name, FileType type, boolean hidden, long size,
        Instant modified) {

    public RemoteEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(modified);
    }

    /** Dir, DirLink or DirDrive: something {@link FileClient#list} can open. */
    public boolean isDirectory() {
        return type == FileType.Dir || type == FileType.DirLink || type == FileType.DirDrive;
    }

    static RemoteEntry of(FileEntry entry) {
        FileType type = entry.getEntryType() == FileType.UNRECOGNIZED ? FileType.File
                : entry.getEntryType();
        long size = entry.getSize() < 0 ? Long.MAX_VALUE : entry.getSize();
        long seconds = entry.getModifiedTime();
        if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            seconds = Instant.MAX.getEpochSecond();
        }
        return new RemoteEntry(entry.getName(), type, entry.getIsHidden(), size,
                Instant.ofEpochSecond(seconds));
    }
}
