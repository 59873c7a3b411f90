package io.jdesk.peer;

import java.time.Instant;

/** An entry of a device's directory listing (FileEntry, peer.md §7.10). */
public record RemoteFile(String name, boolean directory, long size, Instant modified, boolean hidden) {
}
