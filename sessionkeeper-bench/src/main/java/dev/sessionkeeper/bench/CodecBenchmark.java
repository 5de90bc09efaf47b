package dev.sessionkeeper.bench;

import dev.sessionkeeper.codec.JsonAttributeCodec;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: what {@link JsonAttributeCodec} costs for the workload's attributes (theme, the 3-item
 * cart record, lastPage, the csrf token; the principal is session metadata, not an attribute).
 * A loaded session decodes all of them; a request encodes what it sets, and at save re-encodes
 * the mutable values it read (the cart) to see whether they changed.
 *
 * <p>Public, as JMH's generated code requires; run with {@code sessionkeeper-bench.jar jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CodecBenchmark {

    private JsonAttributeCodec codec;
    private Cart cart;
    private String csrf;
    private byte[] themeBytes;
    private byte[] cartBytes;
    private byte[] lastPageBytes;
    private byte[] csrfBytes;

    @Setup
    public void setUp() {
        codec = WorkloadSession.codec();
        cart = WorkloadSession.cart();
        csrf = WorkloadSession.csrfToken();
        themeBytes = codec.encode("dark");
        cartBytes = codec.encode(cart);
        lastPageBytes = codec.encode("/");
        csrfBytes = codec.encode(csrf);
    }

    /** All four attributes, as a create writes them. */
    @Benchmark
    public void encodeAll(Blackhole bh) {
        bh.consume(codec.encode("dark"));
        bh.consume(codec.encode(cart));
        bh.consume(codec.encode("/"));
        bh.consume(codec.encode(csrf));
    }

    /** All four attributes, as every load decodes them. */
    @Benchmark
    public void decodeAll(Blackhole bh) {
        bh.consume(codec.decode(themeBytes));
        bh.consume(codec.decode(cartBytes));
        bh.consume(codec.decode(lastPageBytes));
        bh.consume(codec.decode(csrfBytes));
    }

    /** The cart alone: what a request that read it pays again at save. */
    @Benchmark
    public byte[] encodeCart() {
        return codec.encode(cart);
    }

    @Benchmark
    public Object decodeCart() {
        return codec.decode(cartBytes);
    }
}
