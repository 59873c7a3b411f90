package io.jdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI run in-process as a user types it: output, exit codes, and errors without traces. */
class CliTest {

    /** Output of one in-process run. */
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandWithADescription() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        for (String command : new String[] {"server", "hbbs", "genkeypair", "validatekeypair", "decode"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S.{10,}$");
        }
    }

    @Test
    void hbbsFlagsComeFromTheSettingsCatalogueAndBadValuesAreRefusedByName() {
        Run help = run("hbbs", "--help");
        assertThat(help.out()).contains("-p, --port", "-k, --key", "-r, --relay-servers", "-c, --config",
                "--mask", "--trusted-proxies");
        Run bad = run("hbbs", "-p", "1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("PORT").contains("3..65533").doesNotContain("\tat ");
    }

    @Test
    void genkeypairPrintsTheRustdeskUtilsFormatAndAValidPair() {
        Run r = run("genkeypair");
        assertThat(r.exit()).isZero();
        Matcher m = Pattern.compile("Public Key:  (\\S{44})\nSecret Key:  (\\S{88})\n")
                .matcher(r.out().replace("\r\n", "\n"));
        assertThat(m.matches()).as(r.out()).isTrue();
        assertThat(Base64.getDecoder().decode(m.group(1))).hasSize(32);
        assertThat(Base64.getDecoder().decode(m.group(2))).hasSize(64);
        assertThat(m.group(1)).doesNotContain("/", ":");

        Run valid = run("validatekeypair", m.group(1), m.group(2));
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).startsWith("Key pair is VALID");
    }

    @Test
    void validatekeypairRefusesAMismatchAndGarbage() {
        Run a = run("genkeypair");
        Run b = run("genkeypair");
        String pubA = a.out().lines().findFirst().orElseThrow().substring(13);
        String secB = b.out().lines().skip(1).findFirst().orElseThrow().substring(13);
        Run mismatch = run("validatekeypair", pubA, secB);
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).startsWith("Key pair is INVALID");

        Run garbage = run("validatekeypair", "not base64!", secB);
        assertThat(garbage.exit()).isEqualTo(1);
        assertThat(garbage.out()).startsWith("Key pair is INVALID");
        assertThat(garbage.err()).doesNotContain("Exception", "\tat ");

        assertThat(run("validatekeypair", pubA).exit()).isEqualTo(2); // usage error
    }

    @Test
    void decodesThePunchHoleRequestOfVectorV1ExactlyAsJson() {
        Run r = run("decode", "420d0a093132333435363738391002");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "{",
                "  \"type\": \"hbb.RendezvousMessage\",",
                "  \"length\": 15,",
                "  \"note\": \"auto: parses as hbb.RendezvousMessage\",",
                "  \"message\": {",
                "    \"punch_hole_request\": {",
                "      \"id\": \"123456789\",",
                "      \"nat_type\": \"SYMMETRIC\"",
                "    }",
                "  }",
                "}",
                ""));
    }

    @Test
    void framedInputIsSplitIntoFramesAndAHeartbeatIsNamed() {
        Run r = run("decode", "--framed", "003c420d0a093132333435363738391002");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"frame\": 0", "heartbeat", "\"frame\": 1",
                "\"punch_hole_request\"");
    }

    @Test
    void base64InputAndTypeMessage() {
        // Message{test_delay{time: 5}}: field 5 (0x2a) len 2, TestDelay field 1 varint 5.
        String b64 = Base64.getEncoder().encodeToString(new byte[] {0x2a, 0x02, 0x08, 0x05});
        Run auto = run("decode", b64);
        assertThat(auto.exit()).as(auto.err()).isZero();
        assertThat(auto.out()).contains("\"type\": \"hbb.Message\"", "\"test_delay\"",
                "\"time\": 5", "not as hbb.RendezvousMessage");
        Run forced = run("decode", "--type", "rendezvous", b64);
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).contains("\"(unknown)\"", "\"5\"", "\"bytes\": \"0805\"");
    }

    @Test
    void mangledAddressesAreAlsoShownDecoded() {
        // RendezvousMessage{punch_hole{socket_addr: V2 vector for 127.0.0.1:21116}}
        String addr = "ca739c426e9b9b436e9d01";
        String hex = "4a0d0a0b" + addr;
        Run r = run("decode", hex);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"socket_addr\": \"" + addr + "\"",
                "\"socket_addr.decoded\": \"127.0.0.1:21116\"");
    }

    @Test
    void badInputGetsOneClearLineAndExitOne(@TempDir Path dir) throws Exception {
        Run notHex = run("decode", "zz!!");
        assertThat(notHex.exit()).isEqualTo(1);
        assertThat(notHex.err().strip()).startsWith("jdesk decode: input is neither hex nor Base64")
                .doesNotContain("\n");

        Run truncated = run("decode", "--framed", "04aa08bb");
        assertThat(truncated.exit()).isEqualTo(1);
        assertThat(truncated.err()).contains("truncated").doesNotContain("\tat ");

        Run oversize = run("decode", "--framed", "--max-length", "100", "ffffffff");
        assertThat(oversize.exit()).isEqualTo(1);
        assertThat(oversize.err()).contains("limit is 100");

        Path bomb = dir.resolve("bomb.bin");
        byte[] b = new byte[600_000];
        java.util.Arrays.fill(b, 0, 300_000, (byte) 0x0b);
        java.util.Arrays.fill(b, 300_000, 600_000, (byte) 0x0c);
        Files.write(bomb, b);
        Run nested = run("decode", "--type", "rendezvous", "@" + bomb);
        assertThat(nested.exit()).isEqualTo(1);
        assertThat(nested.err().strip()).startsWith("jdesk decode: frame 0 (600000 bytes)")
                .doesNotContain("\n", "StackOverflow");

        Run missing = run("decode", "@" + dir.resolve("nope.bin"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");

        Run badType = run("decode", "--type", "video", "00");
        assertThat(badType.exit()).isEqualTo(2);
        assertThat(badType.err()).contains("expected rendezvous, message or auto");
    }

    @Test
    void hexFileInputIsReadAsText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("frame.hex");
        Files.writeString(f, "42 0d 0a 09 31 32 33 34 35 36 37 38 39 10 02\n");
        Run r = run("decode", "@" + f);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"id\": \"123456789\"");
    }
}
