package io.jdesk.bench.jmh;

import com.goterl.lazysodium.SodiumJava;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.StreamCipher;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The session stream cipher (secretbox with LE64 counter nonces, {@link StreamCipher}): one
 * operation seals 1 MiB of plaintext cut into {@code frame}-byte frames and opens every sealed
 * frame again, so <b>ops/s = MiB/s sealed and opened</b> (each byte goes through
 * XSalsa20-Poly1305 twice).
 *
 * <ul>
 *   <li>{@code streamCipher}: {@link StreamCipher#seal} on one instance, {@link StreamCipher#open}
 *       on a second with the same key (the two ends of a connection; counters stay in step).</li>
 *   <li>{@code sodiumBaseline}: {@link Sodium#secretBoxEasy} / {@link Sodium#secretBoxOpenEasy}
 *       with one fixed nonce, without the StreamCipher wrapper (no counter, no nonce array per
 *       frame, no Optional-to-exception step); still allocates the output arrays.</li>
 *   <li>{@code nativeBaseline}: lazysodium's JNA bindings {@code crypto_secretbox_easy} /
 *       {@code crypto_secretbox_open_easy} straight into preallocated arrays: no length checks,
 *       no allocation. The floor of what libsodium through JNA can do.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CipherBench {

    private static final int MIB = 1 << 20;

    /** Frame size in bytes: 1 KiB (input events, small messages) or 64 KiB (video, file data). */
    @Param({"1024", "65536"})
    public int frame;

    private byte[][] plain;
    private byte[] key;
    private byte[] nonce;
    private StreamCipher tx;
    private StreamCipher rx;
    private SodiumJava sodium;
    private byte[] cipherBuf;
    private byte[] plainBuf;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        plain = new byte[MIB / frame][frame];
        for (byte[] p : plain) {
            random.nextBytes(p);
        }
        key = Sodium.randomBytes(Sodium.SECRETBOX_KEY_BYTES);
        nonce = new byte[Sodium.SECRETBOX_NONCE_BYTES];
        SessionKey k = SessionKey.of(key);
        tx = new StreamCipher(k);
        rx = new StreamCipher(k);
        if (!Sodium.isAvailable()) {
            throw new IllegalStateException("libsodium not loaded");
        }
        sodium = new SodiumJava();
        cipherBuf = new byte[frame + Sodium.MAC_BYTES];
        plainBuf = new byte[frame];
    }

    @Benchmark
    public void streamCipher(Blackhole bh) {
        for (byte[] p : plain) {
            bh.consume(rx.open(tx.seal(p)));
        }
    }

    @Benchmark
    public void sodiumBaseline(Blackhole bh) {
        for (byte[] p : plain) {
            byte[] sealed = Sodium.secretBoxEasy(p, nonce, key);
            bh.consume(Sodium.secretBoxOpenEasy(sealed, nonce, key).orElseThrow());
        }
    }

    @Benchmark
    public void nativeBaseline(Blackhole bh) {
        for (byte[] p : plain) {
            int r = sodium.crypto_secretbox_easy(cipherBuf, p, p.length, nonce, key);
            r |= sodium.crypto_secretbox_open_easy(plainBuf, cipherBuf, cipherBuf.length, nonce, key);
            if (r != 0) {
                throw new IllegalStateException("secretbox failed");
            }
            bh.consume(plainBuf);
        }
    }
}
