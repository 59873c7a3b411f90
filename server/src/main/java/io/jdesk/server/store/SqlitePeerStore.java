package io.jdesk.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * {@link PeerStore} over one SQLite file in the OSS hbbs format (servers.md §8), through plain
 * JDBC (sqlite-jdbc).
 *
 * <pre>
 *  table peer  WITHOUT ROWID                     jdesk reads/writes
 *  +------------+--------------+-------------+  ------------------
 *  | guid       | blob         | PRIMARY KEY |  insert; update key
 *  | id         | varchar(100) | not null    |  find key; insert; update
 *  | uuid       | blob         | not null    |  insert only (never updated)
 *  | pk         | blob         | not null    |  insert; update
 *  | created_at | datetime     | not null    |  default current_timestamp
 *  | user       | blob         |             |  unused
 *  | status     | tinyint      |             |  unused
 *  | note       | varchar(300) |             |  unused
 *  | info       | text         | not null    |  {"ip":"..."} insert; update
 *  +------------+--------------+-------------+
 *  unique index index_peer_id (id); indexes index_peer_user (user),
 *  index_peer_created_at (created_at), index_peer_status (status)
 * </pre>
 *
 * <p><b>Compatibility.</b> A missing database (and table) is created with exactly the OSS
 * schema; an existing one is used in place and never altered (see {@link PeerSchema}). Rows
 * written by OSS are read tolerantly ({@link PeerInfoJson}); rows written here are what OSS
 * writes, so the operator can switch between OSS hbbs and jdesk in both directions.
 *
 * <p><b>Durability.</b> The connection runs with the settings OSS hbbs itself applies on every
 * connection (sqlx 0.6.0 {@code SqliteConnectOptions} defaults): {@code journal_mode=WAL},
 * {@code synchronous=FULL}, a {@value #BUSY_TIMEOUT_MILLIS} ms busy timeout. WAL is kept
 * rather than the rollback journal because every database an OSS hbbs has opened is already
 * in WAL mode (the mode is stored in the file), so switching servers in either direction
 * changes nothing, and the {@code -wal}/{@code -shm} side files are what OSS deployments
 * already have. With {@code synchronous=FULL} every commit fsyncs the WAL, so a returned
 * insert/update survives kill -9 and power loss; after a crash the next opener (jdesk or OSS)
 * replays the WAL. A clean {@link #close} checkpoints and removes the {@code -wal} file.
 * Caveats shared with OSS: the {@code -wal} file belongs to the database (copy it too, or use
 * {@code sqlite3 .backup}); WAL does not work on network file systems. Each insert and update
 * is its own auto-committed transaction through a prepared statement, unless the server's
 * {@link StoreExecutor} has opened a batch ({@link #begin}): then the writes of up to
 * {@value StoreExecutor#MAX_BATCH} queued requests share one transaction and one fsync, and
 * whatever acknowledges them waits for that commit ({@link #whenDurable}).
 *
 * <p><b>Threading.</b> One JDBC connection, guarded by a lock: every method is safe from any
 * thread and calls are serialised (OSS also uses one pooled connection by default,
 * {@code MAX_DATABASE_CONNECTIONS=1}). Methods block on disk I/O; the server calls them only
 * on its {@link StoreExecutor} thread, never on an event loop.
 *
 * <p>Messages of {@link StoreException}s name the operation, the database and the ID (and the
 * guid for updates), never uuid or pk bytes.
 */
public final class SqlitePeerStore implements PeerStore, StoreExecutor.Batching {

    private static final Logger LOG = LoggerFactory.getLogger(SqlitePeerStore.class);

    /** Wait for a lock held by another process: 5 s, sqlx 0.6.0's default used by OSS. */
    static final int BUSY_TIMEOUT_MILLIS = (int) Duration.ofSeconds(5).toMillis();

    private static final String SELECT_BY_ID = "SELECT guid, id, uuid, pk, info FROM peer WHERE id = ?";
    private static final String INSERT = "INSERT INTO peer (guid, id, uuid, pk, info) VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE peer SET id = ?, pk = ?, info = ? WHERE guid = ?";
    private static final String COUNT = "SELECT count(*) FROM peer";

    private final DbUrl url;
    private final ReentrantLock lock = new ReentrantLock();
    private final Connection conn;
    private final PreparedStatement selectById;
    private final PreparedStatement insert;
    private final PreparedStatement update;
    private final PreparedStatement count;
    private boolean closed; // guarded by lock
    /** Inside a batch: the {done, lost} actions waiting for its end; null outside (store thread). */
    private List<Runnable[]> batch;

    private SqlitePeerStore(DbUrl url, Connection conn) throws SQLException {
        this.url = url;
        this.conn = conn;
        this.selectById = conn.prepareStatement(SELECT_BY_ID);
        this.insert = conn.prepareStatement(INSERT);
        this.update = conn.prepareStatement(UPDATE);
        this.count = conn.prepareStatement(COUNT);
    }

    /**
     * Opens (creating if allowed and missing) the database that a {@code DB_URL} value names;
     * see {@link DbUrl} for the accepted forms ({@code path}, {@code sqlite://path},
     * {@code sqlite:path}, {@code jdbc:sqlite:path}, with OSS's query parameters).
     *
     * @throws StoreException if the value is malformed, the file cannot be opened or created,
     *     or an existing {@code peer} table lacks a column jdesk needs
     */
    public static SqlitePeerStore open(String dbUrl) {
        return open(DbUrl.parse(dbUrl));
    }

    /** Opens the database {@code url} names; see {@link #open(String)}. */
    public static SqlitePeerStore open(DbUrl url) {
        Objects.requireNonNull(url, "url");
        checkFile(url);
        Connection conn = null;
        try {
            conn = connectionConfig(url).createConnection(url.jdbcUrl());
            boolean writable = url.access() != DbUrl.Access.READ_ONLY;
            applyPragmas(conn, url, writable);
            boolean created = PeerSchema.ensure(conn, url.toString(), writable);
            SqlitePeerStore store = new SqlitePeerStore(url, conn);
            LOG.info("peer store {} opened ({}, {} peers)", url,
                    created ? "created" : "existing", store.count());
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(conn);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("open database " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredPeer> find(String id) {
        Objects.requireNonNull(id, "id");
        lock.lock();
        try {
            ensureOpen("find", id);
            selectById.setString(1, id);
            try (ResultSet rs = selectById.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredPeer(bytes(rs, 1), Objects.requireNonNullElse(rs.getString(2), id),
                        bytes(rs, 3), bytes(rs, 4), PeerInfoJson.readIp(rs.getString(5))));
            }
        } catch (SQLException e) {
            throw failed("find", "id=" + id, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the guid is not {@value StoredPeer#GUID_BYTES} bytes
     */
    @Override
    public void insert(StoredPeer peer) {
        Objects.requireNonNull(peer, "peer");
        byte[] guid = peer.guid();
        if (guid.length != StoredPeer.GUID_BYTES) {
            throw new IllegalArgumentException("guid must be " + StoredPeer.GUID_BYTES + " bytes, got " + guid.length);
        }
        lock.lock();
        try {
            ensureOpen("insert", peer.id());
            insert.setBytes(1, guid);
            insert.setString(2, peer.id());
            insert.setBytes(3, peer.uuid());
            insert.setBytes(4, peer.pk());
            insert.setString(5, PeerInfoJson.write(peer.ip()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failed("insert", "id=" + peer.id() + " guid=" + hex(guid), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean update(byte[] guid, String id, byte[] pk, String ip) {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(ip, "ip");
        lock.lock();
        try {
            ensureOpen("update", id);
            update.setString(1, id);
            update.setBytes(2, pk);
            update.setString(3, PeerInfoJson.write(ip));
            update.setBytes(4, guid);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed("update", "id=" + id + " guid=" + hex(guid), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long count() {
        lock.lock();
        try {
            ensureOpen("count", null);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed("count", null, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void whenDurable(Runnable done, Runnable lost) {
        if (batch == null) {
            done.run();
        } else {
            batch.add(new Runnable[] {done, lost});
        }
    }

    /** Opens a batch transaction; the store thread only (see {@link StoreExecutor}). */
    @Override
    public void begin() {
        lock.lock();
        try {
            ensureOpen("begin", null);
            conn.setAutoCommit(false);
            batch = new ArrayList<>();
        } catch (SQLException e) {
            throw failed("begin", null, e);
        } finally {
            lock.unlock();
        }
    }

    /** Commits the batch (one fsync), then runs its {@code done} actions. */
    @Override
    public void commit() {
        List<Runnable[]> actions;
        lock.lock();
        try {
            ensureOpen("commit", null);
            conn.commit();
            conn.setAutoCommit(true);
            actions = batch;
            batch = null;
        } catch (SQLException e) {
            throw failed("commit", null, e);
        } finally {
            lock.unlock();
        }
        runAll(actions, 0);
    }

    /** Rolls the batch back, then runs its {@code lost} actions; never throws. */
    @Override
    public void rollback() {
        List<Runnable[]> actions = batch;
        lock.lock();
        try {
            batch = null;
            if (!closed) {
                try {
                    conn.rollback();
                } catch (SQLException e) {
                    LOG.warn("rollback on {} failed: {}", url, e.toString());
                }
                try {
                    conn.setAutoCommit(true); // later writes must never sit in an open transaction
                } catch (SQLException e) {
                    LOG.warn("back to auto-commit on {} failed: {}", url, e.toString());
                }
            }
        } finally {
            lock.unlock();
        }
        runAll(actions, 1);
    }

    private static void runAll(List<Runnable[]> actions, int which) {
        if (actions == null) {
            return;
        }
        for (Runnable[] a : actions) {
            try {
                a[which].run();
            } catch (RuntimeException e) {
                LOG.warn("store: action after {} failed: {}", which == 0 ? "commit" : "rollback", e.toString());
            }
        }
    }

    /** Closes the connection (checkpointing the WAL); idempotent. Later calls throw. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            conn.close(); // also closes the prepared statements
            LOG.info("peer store {} closed", url);
        } catch (SQLException e) {
            throw failed("close", null, e);
        } finally {
            lock.unlock();
        }
    }

    /** The current value of a PRAGMA on the store's connection (for tests and diagnostics). */
    String pragma(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("pragma name " + name);
        }
        lock.lock();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw failed("pragma " + name, null, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqlitePeerStore[" + url + "]";
    }

    private static void checkFile(DbUrl url) {
        if (url.memory()) {
            LOG.warn("peer store is in memory (DB_URL :memory:): registrations are lost on exit");
            return;
        }
        Path file = url.path();
        if (Files.exists(file)) {
            return;
        }
        if (url.access() != DbUrl.Access.READ_WRITE_CREATE) {
            throw new StoreException("database " + file + " does not exist (DB_URL mode forbids creating it)");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new StoreException("cannot create database " + file + ": directory " + dir + " does not exist");
        }
    }

    private static SQLiteConfig connectionConfig(DbUrl url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false); // a WITHOUT ROWID table: no key to fetch after each insert
        switch (url.access()) {
            case READ_ONLY -> config.setReadOnly(true);
            case READ_WRITE -> config.resetOpenMode(SQLiteOpenMode.CREATE);
            case READ_WRITE_CREATE -> { }
        }
        return config;
    }

    /** The durability settings of the class comment, checked where SQLite may silently differ. */
    private static void applyPragmas(Connection conn, DbUrl url, boolean writable) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            st.execute("PRAGMA synchronous = FULL");
            if (writable && !url.memory()) {
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        LOG.warn("database {}: journal_mode is {}, not wal (file system without shared memory?)",
                                url, mode);
                    }
                }
            }
        }
    }

    private void ensureOpen(String op, String id) {
        if (closed) {
            throw new StoreException(op + (id == null ? "" : " id=" + id) + " on closed peer store " + url);
        }
    }

    private StoreException failed(String op, String what, SQLException e) {
        // SQLite's messages name the constraint or the I/O error, never bound parameter values.
        return new StoreException(op + (what == null ? "" : " " + what) + " in " + url + " failed: "
                + e.getMessage(), e);
    }

    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? new byte[0] : b;
    }

    private static String hex(byte[] guid) {
        return HexFormat.of().formatHex(guid);
    }

    private static void closeQuietly(Connection conn) {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.debug("closing database after a failed open", e);
        }
    }
}
