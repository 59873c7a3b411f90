package io.jdesk.peer.internal.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The controller's listings waiting for a FileDirectory. read_dir has no id, so an answer is
 * matched by its path. Devices answer in order but may skip a listing they cannot make
 * (upstream stays silent; jdesk answers FileResponse.error with id 0), and they echo the path:
 * upstream as asked ("" becomes the home folder), jdesk in canonical '/' form. Not
 * thread-safe: {@link FileClient} guards it.
 */
final class PendingListings {

    /** One listing request. */
    record Pending(String path, CompletableFuture<List<RemoteEntry>> future) {}

    private final Deque<Pending> pending = new ArrayDeque<>();

    int size() {
        return pending.size();
    }

    Pending add(String path, CompletableFuture<List<RemoteEntry>> future) {
        Pending added = new Pending(path, future);
        pending.addLast(added);
        return added;
    }

    void remove(Pending request) {
        pending.remove(request);
    }

    /** The oldest listing asked for the same path or for "", removed; null if none. */
    Pending match(String path) {
        String canonical = canonical(path);
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending request = it.next();
            if (request.path().isEmpty() || canonical(request.path()).equals(canonical)) {
                it.remove();
                return request;
            }
        }
        return null;
    }

    /** The oldest listing, removed (an error with id 0 answers it); null if none. */
    Pending oldest() {
        return pending.pollFirst();
    }

    /** Every listing, removed. */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>(pending);
        pending.clear();
        return all;
    }

    /** A path the way a jdesk device writes it back ("a//b/./../c" -> "/a/c"). */
    static String canonical(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
