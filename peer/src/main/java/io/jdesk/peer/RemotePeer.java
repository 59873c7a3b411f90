package io.jdesk.peer;

import java.util.List;
import java.util.Set;

/**
 * What a device told us about itself when the login succeeded (PeerInfo, peer.md §6.5).
 *
 * @param encodings the codecs it can send (VP9 is always among them)
 * @param json the whole PeerInfo as JSON, field names as in message.proto
 */
public record RemotePeer(String username, String hostname, String platform, String version, List<Display> displays,
        int currentDisplay, Set<VideoCodec> encodings, String json) {

    public RemotePeer {
        displays = List.copyOf(displays);
        encodings = Set.copyOf(encodings);
    }
}
