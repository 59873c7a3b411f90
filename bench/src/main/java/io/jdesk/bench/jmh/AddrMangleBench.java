package io.jdesk.bench.jmh;

import io.jdesk.protocol.codec.AddrMangle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
 * {@link AddrMangle} on an IPv4 ({@code 203.0.113.7:21116}) and an IPv6
 * ({@code [2001:db8::7]:21116}) socket address. {@code encodeV4} uses a fixed timestamp
 * ({@link AddrMangle#encode(InetSocketAddress, long)}); {@code encodeV4Now} is the server's
 * form, which reads the wall clock ({@code Instant.now()}) each time.
 *
 * <p>Baselines, the unavoidable part of each direction: {@code rawBytesBaseline*} is
 * {@code addr.getAddress().getAddress()} (the copy of the raw address every encode starts
 * with); {@code newAddressBaseline*} is {@code new InetSocketAddress(InetAddress.getByAddress(raw),
 * port)} (the two objects every decode ends with).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AddrMangleBench {

    private static final long MICROS = 1_700_000_000_123_456L;

    private InetSocketAddress v4;
    private InetSocketAddress v6;
    private byte[] v4Wire;
    private byte[] v6Wire;
    private byte[] v4Raw;
    private byte[] v6Raw;

    @Setup
    public void setUp() throws UnknownHostException {
        v4 = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 21116);
        v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 21116);
        v4Wire = AddrMangle.encode(v4, MICROS);
        v6Wire = AddrMangle.encode(v6, MICROS);
        v4Raw = v4.getAddress().getAddress();
        v6Raw = v6.getAddress().getAddress();
        if (!AddrMangle.decode(v4Wire).equals(v4) || !AddrMangle.decode(v6Wire).equals(v6)) {
            throw new IllegalStateException("AddrMangle does not round-trip");
        }
    }

    @Benchmark
    public byte[] encodeV4() {
        return AddrMangle.encode(v4, MICROS);
    }

    @Benchmark
    public byte[] encodeV4Now() {
        return AddrMangle.encode(v4);
    }

    @Benchmark
    public byte[] encodeV6() {
        return AddrMangle.encode(v6, MICROS);
    }

    @Benchmark
    public InetSocketAddress decodeV4() {
        return AddrMangle.decode(v4Wire);
    }

    @Benchmark
    public InetSocketAddress decodeV6() {
        return AddrMangle.decode(v6Wire);
    }

    @Benchmark
    public byte[] rawBytesBaselineV4() {
        return v4.getAddress().getAddress();
    }

    @Benchmark
    public byte[] rawBytesBaselineV6() {
        return v6.getAddress().getAddress();
    }

    @Benchmark
    public InetSocketAddress newAddressBaselineV4() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByAddress(v4Raw), 21116);
    }

    @Benchmark
    public InetSocketAddress newAddressBaselineV6() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByAddress(v6Raw), 21116);
    }
}
