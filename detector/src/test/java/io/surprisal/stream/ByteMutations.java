package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.Arrays;

/**
 * Binary records one mutation away from valid ones, for the fuzz tests of the length-prefixed formats
 * (avro, protobuf, otlp): cut short, one byte changed, one bit flipped, or one byte dropped, which puts
 * every length prefix after it off by one.
 */
final class ByteMutations {
    private ByteMutations() {
    }

    static Arbitrary<byte[]> of(Arbitrary<byte[]> valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Integer> how = Arbitraries.integers().between(0, 3);
        Arbitrary<Byte> b = Arbitraries.bytes();
        return Combinators.combine(valid, at, how, b).as((r, i, h, x) -> {
            if (r.length == 0) {
                return r;
            }
            int p = i % r.length;
            return switch (h) {
                case 0 -> Arrays.copyOf(r, p);
                case 1 -> {
                    byte[] c = r.clone();
                    c[p] = x;
                    yield c;
                }
                case 2 -> {
                    byte[] c = r.clone();
                    c[p] ^= (byte) (1 << (x & 7));
                    yield c;
                }
                default -> {
                    byte[] c = new byte[r.length - 1];
                    System.arraycopy(r, 0, c, 0, p);
                    System.arraycopy(r, p + 1, c, p, r.length - p - 1);
                    yield c;
                }
            };
        });
    }
}
