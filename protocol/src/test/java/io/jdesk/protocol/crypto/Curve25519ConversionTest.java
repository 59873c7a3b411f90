package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Ed25519 → Curve25519 conversion of both halves, checked against independent computations. */
class Curve25519ConversionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    /** RFC 8032 TEST 1 seed. */
    private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    /** clamp(SHA-512(seed)[0..32]); computed independently (Python hashlib). */
    private static final String CURVE_SK = "307c83864f2833cb427a2ef1c00a013cfdff2768d980c0a3a520f006904de94f";
    /** X25519 public key of CURVE_SK; computed independently (pyca/cryptography, and the Edwards→Montgomery map). */
    private static final String CURVE_PK = "d85e07ec22b0ad881537c2f44d662d1a143cf830c57aca4305d85c7a90f6b62e";

    @Test
    void fixedSeedConvertsToKnownX25519Pair() {
        BoxKeyPair converted = SigningKeyPair.fromSeed(HEX.parseHex(SEED)).toCurve25519();

        assertThat(HEX.formatHex(converted.secretKey())).isEqualTo(CURVE_SK);
        assertThat(HEX.formatHex(converted.publicKey())).isEqualTo(CURVE_PK);
    }

    @Test
    void fixedSeedMatchesClampedSha512AndMontgomeryMap() throws Exception {
        SigningKeyPair pair = SigningKeyPair.fromSeed(HEX.parseHex(SEED));

        byte[] expectedSk = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(pair.seed()), 32);
        expectedSk[0] &= (byte) 248;
        expectedSk[31] &= 127;
        expectedSk[31] |= 64;
        assertThat(Sodium.ed25519SkToCurve25519(pair.secretKey())).isEqualTo(expectedSk);
        assertThat(pair.verifyKey().toCurve25519()).isEqualTo(montgomeryU(pair.publicKey()));
    }

    @RepeatedTest(20)
    void convertedHalvesFormAConsistentX25519Pair() throws Exception {
        BoxKeyPair converted = SigningKeyPair.generate().toCurve25519();

        assertThat(Sodium.scalarMultBase(converted.secretKey())).isEqualTo(converted.publicKey());
        assertThat(jdkX25519Base(converted.secretKey())).isEqualTo(converted.publicKey());
    }

    @Test
    void boxKeyPairFromSecretDerivesThePublicKey() throws Exception {
        BoxKeyPair generated = BoxKeyPair.generate();

        assertThat(BoxKeyPair.fromSecretKey(generated.secretKey())).isEqualTo(generated);
        assertThat(jdkX25519Base(generated.secretKey())).isEqualTo(generated.publicKey());
    }

    @Test
    void invalidEd25519PointIsRefused() {
        byte[] notOnCurve = HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> Sodium.ed25519PkToCurve25519(notOnCurve)).isInstanceOf(CryptoException.class);
    }

    /** u = (1 + y) / (1 − y) mod p, the birational map from Edwards y to Montgomery u (RFC 7748 §4.1). */
    private static byte[] montgomeryU(byte[] edwardsPk) {
        byte[] be = reverse(edwardsPk);
        be[0] &= 0x7f;
        BigInteger y = new BigInteger(1, be);
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).modInverse(P)).mod(P);
        byte[] out = new byte[32];
        byte[] raw = u.toByteArray();
        for (int i = 0; i < Math.min(32, raw.length); i++) {
            out[i] = raw[raw.length - 1 - i];
        }
        return out;
    }

    /** X25519(sk, 9) through the JDK's XDH KeyAgreement = the public key of sk. */
    private static byte[] jdkX25519Base(byte[] sk) throws Exception {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, sk));
        PublicKey base = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(priv);
        agreement.doPhase(base, true);
        return agreement.generateSecret();
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
