package io.jdesk.peer.internal.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.peer.internal.rendezvous.DuplicateFilter.Kind;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** peer.md §3.2. */
class DuplicateFilterTest {

    final InetSocketAddress a = new InetSocketAddress("203.0.113.7", 40000);
    final InetSocketAddress b = new InetSocketAddress("203.0.113.8", 40000);

    @Test
    void theSameControllerWithinOneHundredMillisecondsIsDropped() {
        DuplicateFilter f = new DuplicateFilter(100);
        assertThat(f.accept(Kind.PUNCH, a, 1000)).isTrue();
        assertThat(f.accept(Kind.PUNCH, a, 1099)).isFalse();
        assertThat(f.accept(Kind.PUNCH, a, 1100)).as("measured from the last accepted one").isTrue();
    }

    @Test
    void anotherControllerOrTheOtherSlotIsNotADuplicate() {
        DuplicateFilter f = new DuplicateFilter(100);
        assertThat(f.accept(Kind.PUNCH, a, 0)).isTrue();
        assertThat(f.accept(Kind.RELAY, a, 10)).as("RequestRelay has its own slot").isTrue();
        assertThat(f.accept(Kind.PUNCH, b, 20)).isTrue();
        assertThat(f.accept(Kind.PUNCH, a, 30)).as("only the last address is remembered").isTrue();
        assertThat(f.accept(Kind.RELAY, a, 40)).isFalse();
    }
}
