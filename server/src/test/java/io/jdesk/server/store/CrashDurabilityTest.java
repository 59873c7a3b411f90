package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard rule 6 (design.md): a write that was acknowledged is on disk, and kill -9 never
 * corrupts the store. A child JVM ({@link CrashWriterMain}) inserts rows and prints
 * {@code acked k} after each returned insert; the test SIGKILLs it mid-stream, then opens the
 * database (replaying the WAL the child left behind) and checks every acknowledged row and
 * {@code PRAGMA integrity_check}.
 */
class CrashDurabilityTest {

    /** Rows the child would write if never killed: far more than it reaches in the test. */
    private static final int ROWS_REQUESTED = 1_000_000;

    /** Kill once this many rows were acknowledged. */
    private static final int KILL_AFTER = 25;

    @TempDir
    Path dir;

    /** Row {@code k} as the child writes it (shared so the parent can check bytes). */
    static StoredPeer row(int k) {
        return new StoredPeer(PeerStoreContractTest.bytes(k, 16), "crash-" + k,
                PeerStoreContractTest.bytes(k + 7, 20), PeerStoreContractTest.bytes(k + 13, 32), "10.0.0." + k);
    }

    @Test
    @Timeout(60)
    void everyAcknowledgedRowSurvivesKillDashNine() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        Path stderr = dir.resolve("child.stderr");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up speed only: C1 compiler, serial GC, no logging back-end to configure
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dslf4j.provider=org.slf4j.helpers.NOP_SLF4JServiceProvider",
                "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), db.toString(), Integer.toString(ROWS_REQUESTED))
                .redirectError(stderr.toFile())
                .start();
        int lastAcked = -1;
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("acked ")) {
                    lastAcked = Integer.parseInt(line.substring("acked ".length()));
                }
                if (lastAcked >= KILL_AFTER - 1) {
                    // SIGKILL on Unix: no shutdown hooks, no close(). It also closes our end of
                    // the pipe, so acks still in flight are not read: lastAcked is a lower bound.
                    child.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(killed).as("child stderr: %s", Files.readString(stderr)).isTrue();
        assertThat(lastAcked).isBetween(KILL_AFTER - 1, ROWS_REQUESTED - 2);
        assertThat(dir.resolve("db_v2.sqlite3-wal")).as("the child left a WAL to recover").exists();

        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            for (int k = 0; k <= lastAcked; k++) {
                assertThat(store.find("crash-" + k)).as("acknowledged row %d", k).contains(row(k));
            }
            assertThat(store.count()).isGreaterThanOrEqualTo(lastAcked + 1L);
        }
        assertThat(OssSchema.rows(db, "PRAGMA integrity_check")).containsExactly(List.of("ok"));
    }
}
