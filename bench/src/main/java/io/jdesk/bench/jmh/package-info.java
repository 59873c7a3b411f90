/**
 * JMH microbenchmarks (issue 6): frame codec, AddrMangle, StreamCipher, Ed25519 IdPk signing.
 * Every class pairs jdesk's code with a baseline measured in the same run (plain copy, Netty's
 * stock decoder, raw libsodium), so the figures read as ratios. Run from the repository root
 * after {@code mvn -B -pl bench -am package -DskipTests}:
 *
 * <pre>
 * java -cp bench/target/jdesk-bench.jar org.openjdk.jmh.Main io.jdesk.bench.jmh     # all (~3 min)
 * java -cp bench/target/jdesk-bench.jar org.openjdk.jmh.Main CipherBench            # one class
 * java -cp bench/target/jdesk-bench.jar org.openjdk.jmh.Main -h                     # JMH's flags
 * </pre>
 *
 * The defaults of each class (one fork, 2 × 1 s warm-up, 3 × 1 s measurement) keep a class to
 * tens of seconds on the shared 2-core machine; add {@code -f 3 -i 5} for tighter error bars.
 */
package io.jdesk.bench.jmh;
