package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.server.config.IniFile.Dialect;
import io.jdesk.server.config.IniFile.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rust-ini 0.18 rules OSS applies to --config and .env (see IniFile's Javadoc). */
class IniFileTest {

    private static List<Entry> parse(String text) throws Exception {
        return IniFile.parse(text, Dialect.CONFIG);
    }

    private static String value(String text) throws Exception {
        List<Entry> entries = parse(text);
        assertThat(entries).hasSize(1);
        return entries.get(0).value();
    }

    @Test
    void namesValuesAndLines() throws Exception {
        assertThat(parse("# hbbs\n\nPORT=21116\n  relay_servers = r1:21117 , r2 \n\n; end\n")).containsExactly(
                new Entry("PORT", "21116", 3), new Entry("relay_servers", "r1:21117 , r2", 4));
    }

    @Test
    void firstEqualsOrColonSplits() throws Exception {
        assertThat(value("SOFTWARE-URL=http://h/x?a=b")).isEqualTo("http://h/x?a=b");
        assertThat(value("TEST_HBBS: 127.0.0.1:21116")).isEqualTo("127.0.0.1:21116");
        assertThat(value("KEY=abc==")).isEqualTo("abc==");
    }

    @Test
    void emptyValueIsKept() throws Exception {
        assertThat(parse("KEY=\nPORT=1")).containsExactly(new Entry("KEY", "", 1), new Entry("PORT", "1", 2));
        assertThat(value("KEY=")).isEmpty();
        assertThat(value("KEY=   ")).isEmpty();
    }

    @Test
    void noInlineComments() throws Exception {
        assertThat(value("KEY=abc # not a comment")).isEqualTo("abc # not a comment");
        assertThat(value("KEY=a;b")).isEqualTo("a;b");
    }

    @Test
    void quotes() throws Exception {
        assertThat(value("A=\"  spaced  \"")).isEqualTo("spaced");
        assertThat(value("A='one' two")).isEqualTo("one two");
        assertThat(value("A=\"x=1 # y\"")).isEqualTo("x=1 # y");
        assertThat(value("A=\"\"")).isEmpty();
        assertThat(value("A=\"line1\nline2\"")).isEqualTo("line1\nline2");
        assertThat(value("A=it\"s")).isEqualTo("it\"s");
        assertThat(value("A=\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
    }

    @Test
    void backslashEscapes() throws Exception {
        assertThat(value("DB_URL=C:\\db\\y.sqlite3")).isEqualTo("C:dby.sqlite3");
        assertThat(value("DB_URL=C:\\\\db")).isEqualTo("C:\\db");
        assertThat(value("A=a\\tb\\nc")).isEqualTo("a\tb\nc");
        assertThat(value("A=\\x0041B")).isEqualTo("AB");
        assertThat(value("A=one\\\ntwo")).isEqualTo("onetwo");
        assertThat(value("A\\=B=c")).isEqualTo("c");
        assertThat(parse("A\\=B=c").get(0).name()).isEqualTo("A=B");
    }

    @Test
    void sectionsEndTheGlobalPart() throws Exception {
        assertThat(parse("PORT=1\n[other]\nKEY=x\n[ more ]\nBIND=::1\n")).containsExactly(new Entry("PORT", "1", 1));
    }

    @Test
    void lastDuplicateWinsInOrder() throws Exception {
        assertThat(parse("PORT=1\nport=2")).extracting(Entry::value).containsExactly("1", "2");
    }

    @Test
    void crlfBomAndTabs() throws Exception {
        assertThat(parse("\uFEFFPORT=1\r\n\tKEY = x\r\n# c\r\n")).containsExactly(
                new Entry("PORT", "1", 1), new Entry("KEY", "x", 2));
    }

    @Test
    void exportPrefixOnlyInDotEnv() throws Exception {
        assertThat(IniFile.parse("export PORT=1\nexport\tKEY=k\n", Dialect.DOT_ENV)).extracting(Entry::name)
                .containsExactly("PORT", "KEY");
        assertThat(parse("export PORT=1").get(0).name()).isEqualTo("export PORT");
        assertThat(IniFile.parse("exported=1", Dialect.DOT_ENV).get(0).name()).isEqualTo("exported");
    }

    @Test
    void emptyFile() throws Exception {
        assertThat(parse("")).isEmpty();
        assertThat(parse("\n\n# only comments\n")).isEmpty();
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(() -> parse("PORT=1\n  # indented")).hasMessageStartingWith("line 2: a comment must start");
        assertThatThrownBy(() -> parse("[s] # c\n")).hasMessageContaining("comment");
        assertThatThrownBy(() -> parse("=x")).hasMessageStartingWith("line 1: '=' without a name");
        assertThatThrownBy(() -> parse("PORT=1\nRELAY\nKEY=x")).hasMessageStartingWith("line 2: expected NAME=VALUE")
                .hasMessageContaining("RELAY");
        assertThatThrownBy(() -> parse("KEY")).hasMessageContaining("before the end of the file");
        assertThatThrownBy(() -> parse("A=\"open")).hasMessageContaining("before the end of the file");
        assertThatThrownBy(() -> parse("A=\\xZZZZ")).hasMessageContaining("\\x needs 4 hex digits");
        assertThatThrownBy(() -> parse("DB_URL=C:\\db\\x.sqlite3")).as("a Windows path with \\x breaks rust-ini too")
                .hasMessageContaining("\\x needs 4 hex digits");
        assertThatThrownBy(() -> parse("A=\\xD800")).hasMessageContaining("\\x needs 4 hex digits");
        assertThatThrownBy(() -> parse("A=x\\")).hasMessageContaining("backslash at the end");
        assertThatThrownBy(() -> parse("[open")).hasMessageContaining("before the end of the file");
    }
}
