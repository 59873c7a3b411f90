package io.jdesk.server.testing;

import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.store.StoredPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Synthetic registered peers for memory measurements: peer {@code i} has ID {@code 1000000000+i},
 * a 36-byte uuid (a Windows machine GUID as text), its own 32-byte key and the address
 * 10.x.y.z. Shared by {@code RegistryHeapTest} and the bench's {@code RegistryMemoryBench}.
 */
public final class RegistryRows {

    private static final byte[] UUID = new byte[36];

    private RegistryRows() {
    }

    public static String id(int i) {
        return Long.toString(1_000_000_000L + i); // a fresh string, as decoded from a datagram
    }

    public static StoredPeer row(int i) {
        byte[] guid = ByteBuffer.allocate(16).putLong(8, i).array();
        byte[] pk = ByteBuffer.allocate(32).putInt(i).array();
        return new StoredPeer(guid, id(i), UUID, pk, ip(i).getHostAddress());
    }

    /** Loads peers 0..n-1 from the store and takes each online, as its first RegisterPeer does. */
    public static void registerOnline(PeerRegistry registry, int n) {
        for (int i = 0; i < n; i++) {
            String id = id(i);
            registry.find(id);
            registry.onRegisterPeer(id, new InetSocketAddress(ip(i), 20_000 + i % 40_000));
        }
    }

    public static InetAddress ip(int i) {
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(0x0A000000 | i).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Heap in use after three full collections. */
    public static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
