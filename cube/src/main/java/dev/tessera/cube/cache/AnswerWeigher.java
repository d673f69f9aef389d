package dev.tessera.cube.cache;

import dev.tessera.cube.MembersResult;
import dev.tessera.cube.QueryResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * An estimate of the heap an answer holds, for the cache's byte bound: object headers, references and each value's
 * own size. It errs high rather than low: a bound that underestimates lets the heap fill.
 */
final class AnswerWeigher {

    private static final int OBJECT = 16;
    private static final int REFERENCE = 8;

    private AnswerWeigher() {
    }

    static int weigh(CacheKey key, Object answer) {
        long bytes = 2L * (key.request().length() + key.restriction().length()) + 4 * OBJECT;
        if (answer instanceof QueryResult result) {
            bytes += OBJECT * 4L + result.columns().size() * 64L;
            for (Object[] row : result.rows()) {
                bytes += OBJECT + (long) row.length * REFERENCE;
                for (Object value : row) {
                    bytes += value(value);
                }
            }
        } else if (answer instanceof byte[] encoded) {
            bytes += OBJECT + encoded.length;
        } else if (answer instanceof MembersResult members) {
            bytes += list(members.members());
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long list(List<Object> values) {
        long bytes = OBJECT + (long) values.size() * REFERENCE;
        for (Object value : values) {
            bytes += value(value);
        }
        return bytes;
    }

    private static long value(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return OBJECT + 24 + 2L * s.length();
        }
        if (value instanceof BigDecimal d) {
            return 3L * OBJECT + d.precision();
        }
        return 2 * OBJECT;
    }
}
