package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerInfoJsonTest {

    @Test
    void writesExactlyWhatServeJsonWritesForOss() {
        assertThat(PeerInfoJson.write("::ffff:1.2.3.4")).isEqualTo("{\"ip\":\"::ffff:1.2.3.4\"}");
        assertThat(PeerInfoJson.write("")).isEqualTo("{\"ip\":\"\"}");
    }

    @Test
    void writeEscapesLikeSerdeJson() {
        assertThat(PeerInfoJson.write("\"\\/\b\f\n\r\t\u0000\u001f\u007fé😀"))
                .isEqualTo("{\"ip\":\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\u007fé😀\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.4", "::ffff:1.2.3.4", "fe80::1%eth0", "\"\\\n\u0001", "é€😀 x"})
    void readIpInvertsWrite(String ip) {
        assertThat(PeerInfoJson.readIp(PeerInfoJson.write(ip))).isEqualTo(ip);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "{\"ip\":\"1.2.3.4\"}                                  | 1.2.3.4",
        "'  {  \"ip\"  :  \"1.2.3.4\"  }  '                    | 1.2.3.4",
        "{\"a\":1,\"ip\":\"1.2.3.4\",\"b\":[true,false,null]}  | 1.2.3.4",
        "{\"x\":{\"ip\":\"nested\"},\"ip\":\"top\"}            | top",
        "{\"x\":{\"ip\":\"nested\"}}                           | ''",
        "{\"n\":-0.5e+10,\"m\":[1,2.0,3E-2,{}],\"ip\":\"v\"}   | v",
        "{\"\\u0069p\":\"escaped key\"}                        | escaped key",
        "{\"ip\":\"\\u0041\\u00e9\\ud83d\\ude00\"}             | Aé😀",
        "{\"ip\":\"é😀\"}                                      | é😀",
        "{\"s\":\"}{\\\"ip\\\":\",\"ip\":\"real\"}             | real",
        "{}                                                    | ''",
        "'{ }'                                                 | ''",
        "{\"other\":\"x\"}                                     | ''",
    })
    void readIpAcceptsWhatOssAccepts(String json, String ip) {
        assertThat(PeerInfoJson.readIp(json)).isEqualTo(ip);
    }

    @Test
    void readIpSkipsAllJsonWhitespaceAndUnescapesEverything() {
        assertThat(PeerInfoJson.readIp("\t\r\n {\n\"ip\" :\r\"1.2.3.4\"\t}\n ")).isEqualTo("1.2.3.4");
        assertThat(PeerInfoJson.readIp("{\"ip\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}"))
                .isEqualTo("a\"b\\c/d\b\f\n\r\t");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "", " ", "null", "\"1.2.3.4\"", "[\"ip\",\"1.2.3.4\"]", "{", "}", "{\"ip\"}", "{\"ip\":}",
        "{\"ip\":\"1.2.3.4\"", "{\"ip\":\"1.2.3.4}", "{\"ip\":\"1.2.3.4\"}x", "{\"ip\":\"1.2.3.4\"}{}",
        "{\"ip\":\"1.2.3.4\",}", "{,\"ip\":\"1.2.3.4\"}", "{\"ip\":1234}", "{\"ip\":null}",
        "{\"ip\":[\"a\"]}", "{ip:\"1.2.3.4\"}", "{'ip':'1.2.3.4'}", "{\"ip\":\"a\",\"ip\":\"b\"}",
        "{\"ip\":\"a\\x\"}", "{\"ip\":\"a\\u12\"}", "{\"ip\":\"a\\u12zz\"}", "{\"ip\":\"\\ud83d\"}",
        "{\"ip\":\"\\ude00\"}", "{\"ip\":\"\\ud83d\\u0041\"}", "{\"ip\":\"tab\there\"}",
        "{\"ip\":\"nl\nhere\"}", "{\"a\":01,\"ip\":\"x\"}", "{\"a\":1.,\"ip\":\"x\"}",
        "{\"a\":.5,\"ip\":\"x\"}", "{\"a\":+1,\"ip\":\"x\"}", "{\"a\":1e,\"ip\":\"x\"}",
        "{\"a\":tru,\"ip\":\"x\"}", "{\"a\":[1,],\"ip\":\"x\"}", "{\"a\":[1 2],\"ip\":\"x\"}",
        "{\"a\":{\"b\"},\"ip\":\"x\"}", "{\"ip\":\"x\"}\u0000", "\u00a0{\"ip\":\"x\"}", "\ufeff{\"ip\":\"x\"}",
    })
    void readIpGivesEmptyForWhatOssRejects(String json) {
        assertThat(PeerInfoJson.readIp(json)).isEmpty();
    }

    @Test
    void readIpOfNullIsEmpty() {
        assertThat(PeerInfoJson.readIp(null)).isEmpty();
    }

    @Test
    void rawLoneSurrogateIsRejected() {
        assertThat(PeerInfoJson.readIp("{\"ip\":\"a\ud83d\"}")).isEmpty();
        assertThat(PeerInfoJson.readIp("{\"ip\":\"a\ude00b\"}")).isEmpty();
    }

    @Test
    void deepNestingIsBoundedNotAStackOverflow() {
        String ok = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + ",\"ip\":\"x\"}";
        assertThat(PeerInfoJson.readIp(ok)).isEqualTo("x");
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"ip\":\"x\"}";
        assertThat(PeerInfoJson.readIp(deep)).isEmpty();
    }

    @Test
    void neverThrowsOnArbitraryText() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "{}[]\":,\\ ipu0123456789abcdefnrtlsx.-+eE\t\n\ud83d\ude00";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "{\"ip\":" : "");
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            PeerInfoJson.readIp(b.toString()); // must return, whatever the input
        }
    }
}
