package io.jdesk.peer.internal.rendezvous;

import io.jdesk.peer.internal.RegistrationIdentity;
import io.jdesk.protocol.crypto.SigningKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory device identity; counts how often hbbs made us replace the ID. */
final class TestIdentity implements RegistrationIdentity {

    private final byte[] uuid;
    private final SigningKeyPair keys = SigningKeyPair.generate();
    private final AtomicInteger replaced = new AtomicInteger();
    private volatile String id;

    TestIdentity(String id, String uuid) {
        this.id = id;
        this.uuid = uuid.getBytes(StandardCharsets.UTF_8);
    }

    TestIdentity(String id) {
        this(id, "machine-uid-" + id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    @Override
    public SigningKeyPair keyPair() {
        return keys;
    }

    @Override
    public String replaceId() {
        replaced.incrementAndGet();
        id = String.valueOf(1_000_000_000 + ThreadLocalRandom.current().nextInt(1_000_000_000));
        return id;
    }

    int replaced() {
        return replaced.get();
    }
}
