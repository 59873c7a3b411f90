package io.jdesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.Device;
import io.jdesk.peer.testing.ServerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdesk connect} against a device of the peer library and our hbbs + hbbr, in process. */
class PeerCommandsTest {

    @TempDir Path dir;

    @Test
    void connectPrintsPeerInfoRunsFileActionsAndReportsRefusals() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        Files.writeString(share.resolve("notes.txt"), "remember the milk");
        try (ServerHarness server = ServerHarness.start(dir.resolve("server"));
                Device device = Device.builder().server(server.rendezvous()).key(server.key())
                        .identityDirectory(dir.resolve("device")).permanentPassword("pw-1234")
                        .shareDirectory(share, true).hostname("kvm-1").build().start()) {
            await().atMost(Duration.ofSeconds(10)).until(device::registered);
            String[] base = {"connect", "--server", server.rendezvous(), "--key", server.key(), "--password", "pw-1234"};

            CliTest.Run info = CliTest.run(concat(base, device.id()));
            assertThat(info.exit()).as(info.err()).isZero();
            assertThat(info.out()).contains("\"hostname\": \"kvm-1\"").contains("\"displays\"");

            CliTest.Run ls = CliTest.run(concat(base, "--relay", "--ls", "", device.id()));
            assertThat(ls.exit()).as(ls.err()).isZero();
            assertThat(ls.out()).contains("notes.txt");

            Path got = dir.resolve("got.txt");
            CliTest.Run get = CliTest.run(concat(base, "--get", "notes.txt", got.toString(), device.id()));
            assertThat(get.exit()).as(get.err()).isZero();
            assertThat(Files.readString(got)).isEqualTo("remember the milk");

            CliTest.Run put = CliTest.run(concat(base, "--put", got.toString(), "back.txt", device.id()));
            assertThat(put.exit()).as(put.err()).isZero();
            assertThat(Files.readString(share.resolve("back.txt"))).isEqualTo("remember the milk");

            CliTest.Run unknown = CliTest.run(concat(base, "123123123"));
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("jdesk connect: ID does not exist");

            String[] wrong = base.clone();
            wrong[6] = "nope";
            CliTest.Run refused = CliTest.run(concat(wrong, device.id()));
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("jdesk connect: Wrong Password");
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
