package io.jdesk.peer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.Device;
import io.jdesk.peer.testing.ServerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/peer-library.md: shown verbatim there, compiled here, and run. */
class DocExamplesTest {

    static final Path DOC = Path.of("..", "docs", "peer-library.md");
    static final Path SOURCES = Path.of("src", "test", "java", "io", "jdesk", "peer", "examples");

    @TempDir Path dir;

    @Test
    void theDocShowsTheExamplesAsTheyAreCompiled() throws Exception {
        String doc = Files.readString(DOC);
        assertThat(doc).contains(region("DeviceExample.java", "device-example"));
        assertThat(doc).contains(region("ControllerExample.java", "controller-example"));
    }

    /** The lines between the BEGIN and END markers, one indentation level less, as the doc shows them. */
    static String region(String file, String name) throws Exception {
        String src = Files.readString(SOURCES.resolve(file));
        int begin = src.indexOf('\n', src.indexOf("// BEGIN " + name)) + 1;
        int end = src.indexOf("    // END " + name);
        return src.substring(begin, end).lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(Collectors.joining("\n")).stripTrailing();
    }

    @Test
    void theExamplesRunAgainstOurServer() throws Exception {
        try (ServerHarness server = ServerHarness.start(dir.resolve("server"));
                Device device = DeviceExample.startDevice(server.rendezvous(), server.key(), dir.resolve("kvm"))) {
            await().atMost(Duration.ofSeconds(10)).until(device::registered);
            String info = ControllerExample.controlDevice(server.rendezvous(), server.key(), device.id(),
                    "correct horse battery staple");
            assertThat(info).contains("\"platform\": \"Linux\"").contains("\"width\": 1920");
        }
    }
}
