package io.jdesk.server.store;

import java.io.PrintStream;

/**
 * Child-process half of {@link CrashDurabilityTest}: opens the store at {@code args[0]} and
 * inserts peers {@code crash-0}, {@code crash-1}, ... up to {@code args[1]}, printing
 * {@code acked k} on stdout only after {@code insert} for {@code crash-k} returned. The parent
 * kills this JVM with SIGKILL somewhere in the stream, so it never closes the store.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[1]);
        PrintStream out = System.out;
        SqlitePeerStore store = SqlitePeerStore.open(args[0]);
        for (int k = 0; k < rows; k++) {
            store.insert(CrashDurabilityTest.row(k));
            out.println("acked " + k);
            out.flush();
        }
        out.println("done");
        out.flush();
    }
}
