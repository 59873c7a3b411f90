/**
 * RustDesk's cryptography, all of it through libsodium ({@link io.jdesk.protocol.crypto.Sodium}
 * over lazysodium-java); nothing here implements a primitive by hand.
 *
 * <pre>
 * identity     SigningKeyPair / VerifyKey   Ed25519, combined-mode signatures (peer.md §1.4, §5.3)
 * key files    KeyFiles, ServerKey          id_ed25519(.pub) and the -k table (servers.md §7.1, §7.2)
 * handshake    BoxKeyPair, SealedKey        ephemeral X25519, K boxed with a zero nonce (peer.md §5.1-5.2,
 *                                           servers.md §7.5)
 * session      SessionKey, StreamCipher     secretbox with implicit LE64 counters (peer.md §5.4)
 * login        PasswordProof                SHA-256 proof over salt and challenge (peer.md §6.2)
 * </pre>
 *
 * <p>Concurrency: key types and the static helpers are immutable/stateless and safe to share
 * between threads. {@link io.jdesk.protocol.crypto.StreamCipher} holds counters and belongs to
 * one connection's event loop. libsodium is loaded once, lazily, by the JVM's class
 * initialisation; there is no other static state.
 *
 * <p>Trust boundary: bytes from the network are only ever opened, verified or decrypted;
 * failures are an empty {@code Optional} (sign_open, box_open) or a
 * {@link io.jdesk.protocol.crypto.DecryptionException} (stream), never a crash. Key types print
 * a fingerprint (first 8 hex characters of SHA-256 of the public key) and never key bytes.
 */
package io.jdesk.protocol.crypto;
