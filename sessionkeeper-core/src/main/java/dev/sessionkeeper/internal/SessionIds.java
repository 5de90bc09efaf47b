package dev.sessionkeeper.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The session id format: three decimal digits naming the shard, then 24 URL-safe base64
 * characters carrying 144 bits from a CSPRNG, e.g. {@code 007Qm3x...}. Fixed length and a
 * closed alphabet make the check exact and cheap, and guarantee that no id can carry a brace,
 * colon or glob character into a Redis key.
 */
public final class SessionIds {

    public static final int SHARD_DIGITS = 3;
    public static final int MAX_SHARDS = 1000;
    static final int RANDOM_BYTES = 18;
    static final int RANDOM_CHARS = 24;
    static final int LENGTH = SHARD_DIGITS + RANDOM_CHARS;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    // One generator per thread: the shared NativePRNG instance is synchronized, which shows up
    // as contention when many request threads create sessions at once.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SessionIds::newRandom);

    private SessionIds() {
    }

    public static String generate(int shard) {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.get().nextBytes(bytes);
        return shardTag(shard) + BASE64URL.encodeToString(bytes);
    }

    public static int randomShard(int shards) {
        return RANDOM.get().nextInt(shards);
    }

    public static String shardTag(int shard) {
        if (shard < 0 || shard >= MAX_SHARDS) {
            throw new IllegalArgumentException("shard must be 0.." + (MAX_SHARDS - 1) + ", got " + shard);
        }
        return shard < 10 ? "00" + shard : shard < 100 ? "0" + shard : Integer.toString(shard);
    }

    /** The exact format check that guards every key built from an id. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < SHARD_DIGITS; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        for (int i = SHARD_DIGITS; i < LENGTH; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The shard of a well-formed id: its leading digits. */
    static int shardOf(String id) {
        return Integer.parseInt(shardTagOf(id));
    }

    /** The shard digits of a well-formed id, as they appear in its keys' hash tag. */
    static String shardTagOf(String id) {
        return id.substring(0, SHARD_DIGITS);
    }

    /**
     * A form of the id that is safe to log: an id is a bearer credential, so logs keep only the
     * shard and a short prefix, enough to correlate lines, too little to hijack a session.
     */
    public static String redact(String id) {
        if (!isWellFormed(id)) {
            return "<malformed>";
        }
        return id.substring(0, SHARD_DIGITS + 4) + "...";
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
