package io.jdesk.bench.jmh;

import com.google.protobuf.ByteString;
import com.goterl.lazysodium.SodiumJava;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.IdPk;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 combined-mode signing of an {@code IdPk{id, pk}} (what hbbs signs into every
 * PunchHoleResponse and a device into its SignedId; 9-character ID + 32-byte key = 45 bytes):
 * {@link SigningKeyPair#sign} and {@link VerifyKey#open}, against lazysodium's JNA bindings
 * {@code crypto_sign} / {@code crypto_sign_open} into preallocated arrays (no checks, no
 * allocation, no Optional) as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SignBench {

    private SigningKeyPair pair;
    private VerifyKey verifyKey;
    private byte[] idPk;
    private byte[] signed;
    private SodiumJava sodium;
    private byte[] sk;
    private byte[] pk;
    private byte[] signedBuf;
    private byte[] messageBuf;

    @Setup
    public void setUp() {
        pair = SigningKeyPair.fromSeed(new byte[Sodium.SIGN_SEED_BYTES]);
        verifyKey = pair.verifyKey();
        idPk = IdPk.newBuilder().setId("123456789")
                .setPk(ByteString.copyFrom(Sodium.randomBytes(Sodium.SIGN_PUBLIC_KEY_BYTES))).build().toByteArray();
        signed = pair.sign(idPk);
        if (verifyKey.open(signed).isEmpty()) {
            throw new IllegalStateException("signature does not verify");
        }
        sodium = new SodiumJava();
        sk = pair.secretKey();
        pk = pair.publicKey();
        signedBuf = new byte[signed.length];
        messageBuf = new byte[idPk.length];
    }

    @Benchmark
    public byte[] sign() {
        return pair.sign(idPk);
    }

    @Benchmark
    public Optional<byte[]> verify() {
        return verifyKey.open(signed);
    }

    @Benchmark
    public byte[] nativeSignBaseline() {
        if (sodium.crypto_sign(signedBuf, null, idPk, idPk.length, sk) != 0) {
            throw new IllegalStateException("crypto_sign failed");
        }
        return signedBuf;
    }

    @Benchmark
    public byte[] nativeVerifyBaseline() {
        if (sodium.crypto_sign_open(messageBuf, null, signed, signed.length, pk) != 0) {
            throw new IllegalStateException("crypto_sign_open failed");
        }
        return messageBuf;
    }
}
