// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;

/**
 * Passes at most {@code maxRecordsPerSecond} records per second, with bursts of up to {@code burst} records, and
 * drops the rest (a token bucket, {@link TokenBucket}). The clock is either the records' timestamps (reproducible,
 * independent of processing speed; replayed or buffered data is limited as it was sampled) or the wall clock
 * (limits what actually flows downstream now). Dropped records are counted and the count is logged at DEBUG; they
 * are the stage's purpose, not errors.
 */
final class RateLimitStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitStage.class);

    private final String where;
    private final TokenBucket bucket;
    /** Wall clock in nanoseconds, or null to use record time. */
    private final @Nullable LongSupplier wallNanos;
    private long dropped;

    RateLimitStage(String where, double maxRecordsPerSecond, int burst, @Nullable LongSupplier wallNanos) {
        this.where = where;
        this.bucket = new TokenBucket(maxRecordsPerSecond, burst);
        this.wallNanos = wallNanos;
    }

    @Override
    public void process(Record record, Emitter out) {
        LongSupplier wall = wallNanos;
        double now = wall == null ? record.timestamp() : wall.getAsLong() / 1e6;
        if (bucket.tryTake(now)) {
            out.emit(record);
            return;
        }
        dropped++;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: over the rate limit, dropped record at {} ({} dropped so far)", where, record.timestamp(),
                    dropped);
        }
    }

    long dropped() {
        return dropped;
    }
}
