package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.server.store.DbUrl.Access;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DbUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "./db_v2.sqlite3                      | ./db_v2.sqlite3",
        "db_v2.sqlite3                        | db_v2.sqlite3",
        "/var/lib/rustdesk-server/db_v2.sqlite3 | /var/lib/rustdesk-server/db_v2.sqlite3",
        "sqlite://./db_v2.sqlite3             | ./db_v2.sqlite3",
        "sqlite:///data/db_v2.sqlite3         | /data/db_v2.sqlite3",
        "sqlite:db_v2.sqlite3                 | db_v2.sqlite3",
        "sqlite:./x/db.sqlite3                | ./x/db.sqlite3",
        "sqlite://sqlite:db.sqlite3           | db.sqlite3",
        "jdbc:sqlite:/data/db_v2.sqlite3      | /data/db_v2.sqlite3",
        "jdbc:sqlite:sqlite:///data/db.sqlite3 | /data/db.sqlite3",
        "sqlite://./my%20db.sqlite3           | ./my db.sqlite3",
        "./caf%C3%A9.sqlite3                  | ./café.sqlite3",
        "./100%.sqlite3                       | ./100%.sqlite3",
        "sqlite://./db.sqlite3?mode=rwc       | ./db.sqlite3",
        "sqlite://./db.sqlite3?cache=shared&immutable=false | ./db.sqlite3",
    })
    void pathFormsAcceptedByOss(String dbUrl, String path) {
        DbUrl u = DbUrl.parse(dbUrl);
        assertThat(u.memory()).isFalse();
        assertThat(u.path()).isEqualTo(Path.of(path));
        assertThat(u.access()).isEqualTo(Access.READ_WRITE_CREATE);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of(path));
    }

    @Test
    void defaultIsTheOssFileName() {
        assertThat(DbUrl.parse(DbUrl.DEFAULT).path()).isEqualTo(Path.of("./db_v2.sqlite3"));
    }

    @Test
    void modesAndImmutable() {
        assertThat(DbUrl.parse("sqlite:x.db?mode=rw").access()).isEqualTo(Access.READ_WRITE);
        assertThat(DbUrl.parse("sqlite:x.db?mode=ro").access()).isEqualTo(Access.READ_ONLY);
        assertThat(DbUrl.parse("x.db?immutable=1").access()).isEqualTo(Access.READ_ONLY);
        assertThat(DbUrl.parse("x.db?immutable=true&cache=private").access()).isEqualTo(Access.READ_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {":memory:", "sqlite::memory:", "sqlite://:memory:", "sqlite://?mode=memory",
        "jdbc:sqlite::memory:"})
    void memoryForms(String dbUrl) {
        DbUrl u = DbUrl.parse(dbUrl);
        assertThat(u.memory()).isTrue();
        assertThat(u.path()).isNull();
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(u).hasToString(":memory:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x.db?journal_mode=wal     | unknown query parameter \"journal_mode\"",
        "x.db?mode=rwx             | unknown value \"rwx\" for mode",
        "x.db?cache=none           | unknown value \"none\" for cache",
        "x.db?immutable=yes        | unknown value \"yes\" for immutable",
        "sqlite://                 | no database file path",
        "''                        | no database file path",
        "./a%3Fb.db                | '?'",
        "./bad%FF.db               | not valid UTF-8",
    })
    void rejectedValuesNameTheProblem(String dbUrl, String message) {
        assertThatThrownBy(() -> DbUrl.parse(dbUrl))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("DB_URL")
                .hasMessageContaining(message);
    }
}
