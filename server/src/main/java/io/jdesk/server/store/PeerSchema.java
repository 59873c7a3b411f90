package io.jdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSS {@code peer} table (servers.md §8.1; rustdesk-server {@code src/database.rs}
 * {@code create_tables}): creating it in a new database and checking it in an existing one.
 *
 * <p>Names, declared types, constraints and index names are those of OSS, so that either
 * server opens a database the other created. An existing table is never altered: no column or
 * index is added, dropped or changed, even where OSS's own start-up would add a missing index.
 * Called once at open, on the store's connection, before any other statement.
 */
final class PeerSchema {

    private static final Logger LOG = LoggerFactory.getLogger(PeerSchema.class);

    /** The table every statement uses. */
    static final String TABLE = "peer";

    /** Columns jdesk reads or writes; an existing table lacking one of them is refused. */
    static final List<String> REQUIRED_COLUMNS = List.of("guid", "id", "uuid", "pk", "info");

    /** Columns jdesk's INSERT supplies; any other NOT NULL column needs a default. */
    private static final Set<String> INSERTED_COLUMNS = Set.of("guid", "id", "uuid", "pk", "info");

    /** The unique index on {@code id} that makes a duplicate ID a constraint error. */
    static final String ID_INDEX = "index_peer_id";

    /** OSS DDL: declared types and constraints as OSS spells them, WITHOUT ROWID. */
    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS peer (
                guid blob primary key not null,
                id varchar(100) not null,
                uuid blob not null,
                pk blob not null,
                created_at datetime not null default(current_timestamp),
                user blob,
                status tinyint,
                note varchar(300),
                info text not null
            ) WITHOUT ROWID""";

    /** OSS index names and columns; {@value #ID_INDEX} is the only unique one. */
    private static final List<String> CREATE_INDEXES = List.of(
            "CREATE UNIQUE INDEX IF NOT EXISTS index_peer_id ON peer (id)",
            "CREATE INDEX IF NOT EXISTS index_peer_user ON peer (user)",
            "CREATE INDEX IF NOT EXISTS index_peer_created_at ON peer (created_at)",
            "CREATE INDEX IF NOT EXISTS index_peer_status ON peer (status)");

    private PeerSchema() {
    }

    /**
     * Creates the table and its indexes if the database has no {@code peer} table (in one
     * transaction), else verifies the existing one.
     *
     * @param writable whether the table may be created; a read-only open needs it to exist
     * @return whether the table was created
     * @throws StoreException naming the database and the problem
     * @throws SQLException on an I/O or SQLite failure
     */
    static boolean ensure(Connection conn, String where, boolean writable) throws SQLException {
        Map<String, Column> columns = columns(conn);
        if (!columns.isEmpty()) {
            verify(conn, where, columns);
            return false;
        }
        if (!writable) {
            throw new StoreException("database " + where + " has no table peer (opened read-only)");
        }
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.execute(CREATE_TABLE);
            for (String sql : CREATE_INDEXES) {
                st.execute(sql);
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
        return true;
    }

    private static void verify(Connection conn, String where, Map<String, Column> columns)
            throws SQLException {
        for (String name : REQUIRED_COLUMNS) {
            if (!columns.containsKey(name)) {
                throw new StoreException("database " + where + ": table peer has no column \""
                        + name + "\" (not an OSS hbbs/jdesk peer table?); found " + columns.keySet());
            }
        }
        for (Column c : columns.values()) {
            if (c.notNull && !c.hasDefault && !INSERTED_COLUMNS.contains(c.name)) {
                throw new StoreException("database " + where + ": column peer.\"" + c.name
                        + "\" is NOT NULL without a default, so jdesk could not insert rows");
            }
        }
        if (!hasUniqueIdIndex(conn)) {
            LOG.warn("database {}: table peer has no unique index on id ({} missing); duplicate"
                    + " IDs are not prevented by the database", where, ID_INDEX);
        }
    }

    /** Column name (lower case) → facts, in table order; empty when the table does not exist. */
    private static Map<String, Column> columns(Connection conn) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, \"notnull\", dflt_value FROM pragma_table_info(?)")) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                    columns.put(name, new Column(name, rs.getInt(2) != 0, rs.getString(3) != null));
                }
            }
        }
        return columns;
    }

    private static boolean hasUniqueIdIndex(Connection conn) throws SQLException {
        List<String> unique = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1")) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unique.add(rs.getString(1));
                }
            }
        }
        for (String index : unique) {
            List<String> cols = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT name FROM pragma_index_info(?)")) {
                ps.setString(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cols.add(rs.getString(1));
                    }
                }
            }
            if (cols.size() == 1 && "id".equalsIgnoreCase(cols.get(0))) {
                return true;
            }
        }
        return false;
    }

    private record Column(String name, boolean notNull, boolean hasDefault) {
    }
}
