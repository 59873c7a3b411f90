package io.jdesk.app;

import io.jdesk.protocol.crypto.KeyFiles;
import io.jdesk.protocol.crypto.SigningKeyPair;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk genkeypair}: a fresh Ed25519 pair in the two-line format of
 * {@code rustdesk-utils genkeypair}, so scripts written for it keep working:
 *
 * <pre>
 * Public Key:  &lt;Base64 of the 32-byte public key&gt;
 * Secret Key:  &lt;Base64 of the 64-byte libsodium secret key (seed ‖ public key)&gt;
 * </pre>
 *
 * <p>Like hbbs when it creates {@code id_ed25519}, and unlike rustdesk-utils, the public key is
 * drawn again until its Base64 form holds neither {@code /} nor {@code :}, so it can be pasted
 * into client configuration strings unquoted.
 */
@Command(name = "genkeypair", mixinStandardHelpOptions = true,
        description = "Generate an Ed25519 key pair for hbbs (the output format of rustdesk-utils genkeypair).")
final class GenKeyPairCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SigningKeyPair pair = KeyFiles.generateKeyPair();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Public Key:  " + pair.publicKeyBase64());
        out.println("Secret Key:  " + pair.secretKeyBase64());
        out.flush();
        return 0;
    }
}
