package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.server.store.PeerStore;
import io.jdesk.server.store.SqlitePeerStore;
import io.jdesk.server.store.StoreException;
import io.jdesk.server.store.StoreExecutor;
import io.jdesk.server.store.StoredPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit through the real SQLite store: RegisterPk requests queued behind each other share
 * one transaction, and each OK is sent only once its row is committed — seen from a second
 * connection at the moment of the answer. A failed commit answers SERVER_ERROR and leaves neither
 * rows nor memory behind.
 */
@Timeout(60)
class GroupCommitTest {

    static final int DEVICES = 50;

    @TempDir Path dir;

    @Test
    void queuedRegistrationsShareACommitAndEachOkFollowsIt() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString());
                CountingBatching batching = new CountingBatching(store);
                StoreExecutor executor = new StoreExecutor(StoreExecutor.DEFAULT_QUEUE_CAPACITY,
                        Duration.ofSeconds(5), batching);
                Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
            RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
            Executor exec = task -> executor.submit(Executors.callable(task));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            executor.submit(() -> {
                holding.countDown();
                return hold.await(10, TimeUnit.SECONDS); // the store thread is busy
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Map<String, Boolean> committedAtAnswer = new ConcurrentHashMap<>();
            CountDownLatch answered = new CountDownLatch(DEVICES);
            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < DEVICES; i++) {
                String id = "group" + i;
                bridge.registerPkDurably(id, uuid(i), pk(i), source(i), exec, result -> {
                    if (result.equals(Optional.of(RegisterPkResponse.Result.OK))) {
                        ok.incrementAndGet();
                    }
                    committedAtAnswer.put(id, rowVisible(reader, id));
                    answered.countDown();
                });
            }
            hold.countDown();
            assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(ok).hasValue(DEVICES);
            assertThat(committedAtAnswer).hasSize(DEVICES).doesNotContainValue(false);
            assertThat(batching.commits).hasValue(1); // all fifty were queued: one transaction, one fsync
            for (int i = 0; i < DEVICES; i++) {
                assertThat(registry.findInMemory("group" + i)).isPresent();
            }
        }
    }

    @Test
    void aFailedCommitAnswersServerErrorAndLeavesNothingBehind() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        try (SqlitePeerStore sqlite = SqlitePeerStore.open(db.toString());
                FailingCommit store = new FailingCommit(sqlite);
                StoreExecutor executor = new StoreExecutor(StoreExecutor.DEFAULT_QUEUE_CAPACITY,
                        Duration.ofSeconds(5), store)) {
            PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
            RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
            CountDownLatch hold = new CountDownLatch(1);
            executor.submit(() -> hold.await(10, TimeUnit.SECONDS));
            List<Optional<RegisterPkResponse.Result>> answers = new ArrayList<>();
            CountDownLatch answered = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                bridge.registerPkDurably("failing" + i, uuid(i), pk(i), source(i), task -> executor.submit(Executors.callable(task)), result -> {
                    synchronized (answers) {
                        answers.add(result);
                    }
                    answered.countDown();
                });
            }
            hold.countDown();
            assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(answers).hasSize(10).containsOnly(Optional.of(RegisterPkResponse.Result.SERVER_ERROR));
            assertThat(sqlite.count()).isZero();
            for (int i = 0; i < 10; i++) {
                assertThat(registry.findInMemory("failing" + i)).isEmpty();
            }
            // the store is usable again, in auto-commit, and the next registration stands
            CountDownLatch again = new CountDownLatch(1);
            bridge.registerPkDurably("failing0", uuid(0), pk(0), source(0), task -> executor.submit(Executors.callable(task)), r -> {
                assertThat(r).contains(RegisterPkResponse.Result.OK);
                again.countDown();
            });
            assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sqlite.count()).isEqualTo(1);
        }
    }

    static byte[] uuid(int i) {
        return ("uuid-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pk(int i) {
        byte[] pk = new byte[32];
        pk[0] = (byte) i;
        pk[1] = 1;
        return pk;
    }

    /** Each device from its own documentation-range address (objects only: nothing is sent). */
    static InetSocketAddress source(int i) {
        return new InetSocketAddress("198.51.100." + (i + 1), 40000);
    }

    static boolean rowVisible(Connection reader, String id) {
        try (Statement st = reader.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM peer WHERE id = '" + id + "'")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the commits of the store it passes through to. */
    static final class CountingBatching implements StoreExecutor.Batching, AutoCloseable {
        final SqlitePeerStore store;
        final AtomicInteger commits = new AtomicInteger();

        CountingBatching(SqlitePeerStore store) {
            this.store = store;
        }

        @Override
        public void begin() {
            store.begin();
        }

        @Override
        public void commit() {
            commits.incrementAndGet();
            store.commit();
        }

        @Override
        public void rollback() {
            store.rollback();
        }

        @Override
        public void close() {
        }
    }

    /** The SQLite store whose batch commits always fail (a full disk, say). */
    static final class FailingCommit implements PeerStore, StoreExecutor.Batching {
        final SqlitePeerStore store;

        FailingCommit(SqlitePeerStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredPeer> find(String id) {
            return store.find(id);
        }

        @Override
        public void insert(StoredPeer peer) {
            store.insert(peer);
        }

        @Override
        public boolean update(byte[] guid, String id, byte[] pk, String ip) {
            return store.update(guid, id, pk, ip);
        }

        @Override
        public void whenDurable(Runnable done, Runnable lost) {
            store.whenDurable(done, lost);
        }

        @Override
        public long count() {
            return store.count();
        }

        @Override
        public void begin() {
            store.begin();
        }

        @Override
        public void commit() {
            throw new StoreException("commit: injected failure");
        }

        @Override
        public void rollback() {
            store.rollback();
        }

        @Override
        public void close() {
        }
    }
}
