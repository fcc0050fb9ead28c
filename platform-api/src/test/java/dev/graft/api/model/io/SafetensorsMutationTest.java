package dev.graft.api.model.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid safetensors files many thousands of times (bytes flipped, files cut or extended, the header
 * length changed, header numbers, dtypes and keys rewritten) and checks that every mutant either opens and
 * reads cleanly or is refused with a {@link ModelFormatException} naming the file: never another exception,
 * never an allocation the file cannot back.
 */
class SafetensorsMutationTest {
    private static final int MUTANTS = 6000;
    private static final String[] DTYPES = {"F32", "F16", "BF16", "I32", "I64", "F64", "BOOL", "U8", "", "f32",
        "F32 ", "I8"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern OFFSETS = Pattern.compile("\"data_offsets\":\\[(\\d+),(\\d+)]");
    private static final Pattern DTYPE_VALUE = Pattern.compile("\"(F32|F16|BF16|I32|I64)\"");

    @TempDir
    Path dir;

    private static byte[] base(Path dir, int variant, Random random) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        if (variant % 2 == 0) {
            w.metadata("format", "pt");
        }
        int count = 1 + variant % 4;
        for (int t = 0; t < count; t++) {
            int[] shape = switch (random.nextInt(4)) {
                case 0 -> new int[] {};
                case 1 -> new int[] {1 + random.nextInt(6)};
                case 2 -> new int[] {1 + random.nextInt(4), 1 + random.nextInt(4)};
                default -> new int[] {random.nextInt(3), 2, 1 + random.nextInt(3)};
            };
            int n = (int) Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
            String name = "layer." + t + ".weight";
            switch (random.nextInt(5)) {
                case 0 -> w.putFloats(name, shape, randomFloats(random, n));
                case 1 -> w.putFloats(name, shape, randomFloats(random, n), DType.F16);
                case 2 -> w.putFloats(name, shape, randomFloats(random, n), DType.BF16);
                case 3 -> w.putInts(name, shape, random.ints(n).toArray(), DType.I32);
                default -> w.putLongs(name, shape, random.longs(n, -1000, 1000).toArray());
            }
        }
        Path p = dir.resolve("base.safetensors");
        w.write(p);
        return Files.readAllBytes(p);
    }

    private static float[] randomFloats(Random random, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }

    private record Mutant(String how, byte[] bytes) {
    }

    private static Mutant mutate(byte[] valid, Random random) {
        long headerLength = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] b = valid.clone();
        switch (random.nextInt(7)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return new Mutant("flipped " + flips + " bits anywhere", b);
            }
            case 1 -> {
                int at = 8 + random.nextInt((int) headerLength);
                b[at] = (byte) random.nextInt(256);
                return new Mutant("header byte " + at + " replaced", b);
            }
            case 2 -> {
                int len = random.nextInt(b.length);
                return new Mutant("cut to " + len + " bytes", Arrays.copyOf(b, len));
            }
            case 3 -> {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
                return new Mutant("extended to " + longer.length + " bytes", longer);
            }
            case 4 -> {
                long field = switch (random.nextInt(4)) {
                    case 0 -> headerLength + random.nextInt(33) - 16;
                    case 1 -> random.nextLong();
                    case 2 -> 0;
                    default -> 1L << random.nextInt(64);
                };
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(field);
                return new Mutant("header length set to " + field, b);
            }
            default -> {
                return rewriteHeader(valid, headerLength, random);
            }
        }
    }

    /** Changes one header field in the text, then rebuilds the file with a true or a stale length field. */
    private static Mutant rewriteHeader(byte[] valid, long headerLength, Random random) {
        String header = new String(valid, 8, (int) headerLength, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(valid, (int) (8 + headerLength), valid.length);
        String how;
        String changed;
        int kind = random.nextInt(6);
        List<int[]> numbers = spans(NUMBER.matcher(header));
        List<int[]> ranges = spans(OFFSETS.matcher(header));
        List<int[]> dtypes = spans(DTYPE_VALUE.matcher(header));
        if (kind == 0 && !numbers.isEmpty()) {
            int[] s = numbers.get(random.nextInt(numbers.size()));
            long old = Long.parseLong(header.substring(s[0], s[1]));
            String value = switch (random.nextInt(8)) {
                case 0 -> String.valueOf(old + 1);
                case 1 -> String.valueOf(old - 1);
                case 2 -> "0";
                case 3 -> String.valueOf(random.nextLong());
                case 4 -> "9223372036854775808";
                case 5 -> "1.5";
                case 6 -> "1e3";
                default -> String.valueOf(old * (2 + random.nextInt(1000)));
            };
            how = "number " + old + " -> " + value;
            changed = header.substring(0, s[0]) + value + header.substring(s[1]);
        } else if (kind == 1 && !dtypes.isEmpty()) {
            int[] s = dtypes.get(random.nextInt(dtypes.size()));
            String value = DTYPES[random.nextInt(DTYPES.length)];
            how = "dtype " + header.substring(s[0], s[1]) + " -> " + value;
            changed = header.substring(0, s[0]) + "\"" + value + "\"" + header.substring(s[1]);
        } else if (kind == 5 && !ranges.isEmpty()) {
            int[] s = ranges.get(random.nextInt(ranges.size()));
            Matcher m = OFFSETS.matcher(header.substring(s[0], s[1]));
            m.matches();
            long begin = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            long shift = random.nextBoolean() ? random.nextInt(17) - 8 : -begin + random.nextInt(4) * 4;
            how = "data_offsets [" + begin + ", " + end + "] shifted by " + shift;
            changed = header.substring(0, s[0]) + "\"data_offsets\":[" + (begin + shift) + "," + (end + shift) + "]"
                    + header.substring(s[1]);
        } else if (kind == 2) {
            String[] keys = {"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"format\""};
            String key = keys[random.nextInt(keys.length)];
            String[] to = {"\"dtypes\"", "\"shape\"", "\"data_offsets\"", "\"x\"", "\"__metadata__\""};
            String value = to[random.nextInt(to.length)];
            how = "key " + key + " -> " + value;
            changed = header.replaceFirst(Pattern.quote(key), Matcher.quoteReplacement(value));
        } else if (kind == 3) {
            int at = random.nextInt(header.length());
            how = "deleted header char " + at;
            changed = header.substring(0, at) + header.substring(at + 1);
        } else {
            int at = random.nextInt(header.length() + 1);
            String[] inserts = {"{", "}", "[", "]", ",", "\"", ":", "0", "-", " ", "null", "\\", "\u00e9"};
            String value = inserts[random.nextInt(inserts.length)];
            how = "inserted '" + value + "' at " + at;
            changed = header.substring(0, at) + value + header.substring(at);
        }
        byte[] h = changed.getBytes(StandardCharsets.UTF_8);
        boolean stale = random.nextInt(4) == 0;
        return new Mutant(how + (stale ? " (stale length)" : ""),
                RawSafetensors.bytes(stale ? headerLength : h.length, h, data));
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    @Test
    void mutatedFilesOpenCleanlyOrFailWithAModelFormatException() throws IOException {
        long seed = 0x5AFE7E5L;
        Random random = new Random(seed);
        Map<Problem, Integer> seen = new EnumMap<>(Problem.class);
        int accepted = 0;
        byte[] valid = null;
        for (int i = 0; i < MUTANTS; i++) {
            if (i % 50 == 0) {
                valid = base(dir, i / 50, random);
            }
            Mutant m = mutate(valid, random);
            Path p = dir.resolve("mutant" + i + ".safetensors");
            Files.write(p, m.bytes);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                for (TensorInfo t : f.tensors().values()) {
                    if (t.dtype().isFloating()) {
                        f.readFloats(t.name());
                    } else {
                        f.readLongs(t.name());
                        f.readInts(t.name());
                    }
                }
                accepted++;
            } catch (ModelFormatException e) {
                if (!e.getMessage().startsWith(p + ": ") || !p.equals(e.file())) {
                    fail("mutant " + i + " (" + m.how + "): message does not name the file: " + e.getMessage());
                }
                seen.merge(e.problem(), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError("mutant " + i + " of seed " + seed + " (" + m.how + ") threw " + t, t);
            }
            Files.delete(p);
        }
        // The mutants must exercise the checks, not slip past them: most kinds of damage are met.
        for (Problem expected : List.of(Problem.TRUNCATED, Problem.HEADER_LENGTH_PAST_END, Problem.NOT_JSON,
                Problem.BAD_FIELD, Problem.OVERLAPPING_OFFSETS, Problem.OFFSETS_OUT_OF_RANGE, Problem.UNKNOWN_DTYPE,
                Problem.UNSUPPORTED_DTYPE, Problem.SIZE_MISMATCH)) {
            assertTrue(seen.getOrDefault(expected, 0) > 0, "no mutant produced " + expected + ": " + seen);
        }
        assertTrue(accepted > 0, "some mutants (data bytes flipped) are still valid files");
    }
}
