package io.jdesk.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the peer table exactly as OSS hbbs creates it (servers.md §8.1; declared types,
 * constraints and index names of rustdesk-server {@code src/database.rs}), written here from
 * the spec's table so that tests can build an "OSS database" without an OSS binary, and raw
 * JDBC helpers to look at a database behind the store's back.
 */
public final class OssSchema {

    /** The OSS DDL, statement by statement. */
    static final List<String> DDL = List.of(
            "create table if not exists peer ("
                    + " guid blob primary key not null,"
                    + " id varchar(100) not null,"
                    + " uuid blob not null,"
                    + " pk blob not null,"
                    + " created_at datetime not null default(current_timestamp),"
                    + " user blob,"
                    + " status tinyint,"
                    + " note varchar(300),"
                    + " info text not null"
                    + ") without rowid",
            "create unique index if not exists index_peer_id on peer (id)",
            "create index if not exists index_peer_user on peer (user)",
            "create index if not exists index_peer_created_at on peer (created_at)",
            "create index if not exists index_peer_status on peer (status)");

    private OssSchema() {
    }

    public static Connection connect(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    /** Creates {@code db} as OSS hbbs would: its connection pragmas, then its DDL. */
    public static void createOssDatabase(Path db) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = FULL");
            for (String sql : DDL) {
                st.execute(sql);
            }
        }
    }

    /** Every row of a query, each column as a string (blobs as hex), for whole-table comparisons. */
    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    public static List<List<String>> rows(Path db, String sql) throws SQLException {
        try (Connection c = connect(db)) {
            return rows(c, sql);
        }
    }

    /** Columns, indexes (with their columns and uniqueness) and table options of {@code peer}. */
    static List<List<String>> describe(Path db) throws SQLException {
        List<List<String>> d = new ArrayList<>();
        try (Connection c = connect(db)) {
            d.addAll(rows(c, "SELECT 'column', cid, name, type, \"notnull\", dflt_value, pk"
                    + " FROM pragma_table_info('peer') ORDER BY cid"));
            d.addAll(rows(c, "SELECT 'index', il.name, il.\"unique\", il.origin, il.partial, ii.seqno, ii.name"
                    + " FROM pragma_index_list('peer') il JOIN pragma_index_info(il.name) ii"
                    + " ORDER BY il.name, ii.seqno"));
            d.addAll(rows(c, "SELECT 'table', type, name, ncol, wr, strict FROM pragma_table_list('peer')"));
        }
        return d;
    }
}
