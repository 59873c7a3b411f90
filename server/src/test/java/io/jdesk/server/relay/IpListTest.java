package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OSS list file format and jdesk's normalised matching (spec/servers.md §9.4, §12 item 17). */
class IpListTest {

    @TempDir Path dir;

    @Test
    void readsOneEntryPerLineUpToTheFirstSpace() throws Exception {
        Path f = dir.resolve("blocklist.txt");
        Files.writeString(f, "1.2.3.4 abuse since May\r\n  5.6.7.8\n\n2001:DB8::1\nnot-an-ip x\n", StandardCharsets.UTF_8);
        IpList list = IpList.load(f);
        assertThat(list.entries()).containsExactly("1.2.3.4", "2001:DB8::1", "5.6.7.8", "not-an-ip");
        assertThat(list.contains(InetAddress.getByName("2001:db8:0::1"))).isTrue();
        assertThat(list.contains("not-an-ip")).isTrue();
    }

    @Test
    void aMissingFileIsAnEmptyListAndAnUnreadableOneIsAnError() throws Exception {
        assertThat(IpList.load(dir.resolve("absent.txt")).size()).isZero();
        Files.createDirectory(dir.resolve("blacklist.txt"));
        assertThatThrownBy(() -> IpList.load(dir.resolve("blacklist.txt")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("blacklist.txt");
    }

    @Test
    void ipv4MappedAddressesMatchTheirIpv4Entry() throws Exception {
        IpList list = new IpList();
        list.add("192.0.2.7");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[14] = 2;
        mapped[15] = 7;
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1); // as a dual-stack socket reports it
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(list.contains(v6)).isTrue();
        assertThat(list.contains("::ffff:192.0.2.7")).isTrue();

        IpList mappedEntry = new IpList();
        mappedEntry.add("::ffff:192.0.2.7");
        assertThat(mappedEntry.contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(mappedEntry.remove("192.0.2.7")).isTrue();
        assertThat(mappedEntry.size()).isZero();
    }

    @Test
    void scopedLinkLocalAddressesMatchWithoutTheScope() throws Exception {
        IpList list = new IpList();
        list.add("fe80::1");
        assertThat(list.contains(Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 2)))
                .isTrue();
    }
}
