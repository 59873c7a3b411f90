package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.RegisterPkResponse;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The console's ip-blocker / ip-changes commands over the registry's bounded tables. */
class RegistryConsoleTest {

    @Test
    void ipBlockerAndIpChangesCanBeInspectedAndCleared() {
        ManualClock clock = new ManualClock(0);
        PeerRegistry registry = new PeerRegistry(new FakePeerStore(), clock);
        InetSocketAddress a = new InetSocketAddress("198.51.100.7", 40000);
        InetSocketAddress b = new InetSocketAddress("198.51.100.8", 40000);
        assertThat(registry.registerPk("device-1", new byte[] {1}, new byte[] {2}, a).wire())
                .isEqualTo(RegisterPkResponse.Result.OK);
        assertThat(registry.registerPk("device-1", new byte[] {1}, new byte[] {2}, b).wire())
                .isEqualTo(RegisterPkResponse.Result.OK); // same pk, new IP: an IP change
        assertThat(registry.consoleCommand(new String[] {"ib"})).isEqualTo("2\n");
        assertThat(registry.consoleCommand(new String[] {"ib", "198.51.100.7"})).isEqualTo("0/0s 0 ids/0s\n"); // OSS: the first request only creates the entry
        assertThat(registry.consoleCommand(new String[] {"ib", "198.51.100.7", "-"})).isEqualTo("removed\n");
        assertThat(registry.consoleCommand(new String[] {"ib", "198.51.100.7"})).isEqualTo("not found\n");
        assertThat(registry.consoleCommand(new String[] {"ib", "nonsense"})).startsWith("not an IP address");
        assertThat(registry.consoleCommand(new String[] {"ic", "device-1"})).contains("198.51.100.8");
        assertThat(registry.consoleCommand(new String[] {"ic", "device-1", "-"})).isEqualTo("removed\n");
        assertThat(registry.consoleCommand(new String[] {"ic"})).isEqualTo("0\n");
    }
}
