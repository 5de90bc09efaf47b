package dev.sessionkeeper.app.cli;

import java.util.Arrays;
import java.util.TreeSet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A set of shard numbers written as a list of numbers and ranges, e.g. {@code 0,3,5-7}. */
final class ShardSet {

    private final int[] shards;

    private ShardSet(int[] shards) {
        this.shards = shards;
    }

    /** All shards {@code 0..count-1}. */
    static ShardSet all(int count) {
        int[] all = new int[count];
        Arrays.setAll(all, i -> i);
        return new ShardSet(all);
    }

    /**
     * Parses {@code 0,3,5-7}: numbers and inclusive ranges, separated by commas, in any order; blanks around
     * them are ignored, duplicates merge.
     *
     * @throws IllegalArgumentException with a message that names the bad part
     */
    static ShardSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no shards given (expected e.g. 0,3,5-7)");
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-', 1);
            if (dash < 0) {
                set.add(number(p, part));
            } else {
                int from = number(p.substring(0, dash).strip(), part);
                int to = number(p.substring(dash + 1).strip(), part);
                if (from > to) {
                    throw new IllegalArgumentException("range '" + p + "' runs backwards (write " + to + "-" + from + ")");
                }
                for (int s = from; s <= to; s++) {
                    set.add(s);
                }
            }
        }
        return new ShardSet(set.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int number(String text, String part) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 4) {
            throw new IllegalArgumentException("'" + part.strip() + "' is not a shard number or range "
                    + "(expected e.g. 0,3,5-7)");
        }
        return Integer.parseInt(text);
    }

    int[] toArray() {
        return shards.clone();
    }

    int size() {
        return shards.length;
    }

    int max() {
        return shards[shards.length - 1];
    }

    /** Back in the compact form, e.g. {@code 0,3,5-7}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < shards.length) {
            int j = i;
            while (j + 1 < shards.length && shards[j + 1] == shards[j] + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(shards[i]);
            if (j > i) {
                out.append('-').append(shards[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** For picocli: a bad list is a usage error (exit code 2) that says what is wrong. */
    static final class Converter implements ITypeConverter<ShardSet> {
        @Override
        public ShardSet convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
