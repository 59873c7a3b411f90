package io.jdesk.app;

import io.jdesk.protocol.crypto.KeyFiles;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk validatekeypair <public> <secret>}: exit 0 and "Key pair is VALID" when the two
 * Base64 keys form an Ed25519 pair, exit 1 and "Key pair is INVALID: reason" otherwise. The
 * first words are those of {@code rustdesk-utils validatekeypair}, which container start
 * scripts check; the reason is ours.
 */
@Command(name = "validatekeypair", mixinStandardHelpOptions = true,
        description = "Check that a Base64 public key and secret key form an Ed25519 pair (exit 0 if so).")
final class ValidateKeyPairCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PUBLIC", description = "Base64 public key (32 bytes)")
    String publicKey;

    @Parameters(index = "1", paramLabel = "SECRET", description = "Base64 secret key (64 bytes)")
    String secretKey;

    @Override
    public Integer call() {
        KeyFiles.PairCheck check = KeyFiles.validatePair(publicKey.strip(), secretKey.strip());
        PrintWriter out = spec.commandLine().getOut();
        if (check.valid()) {
            out.println("Key pair is VALID");
            out.flush();
            return 0;
        }
        out.println("Key pair is INVALID: " + check.reason());
        out.flush();
        return 1;
    }
}
