// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;

/**
 * Logs every Nth record, at most {@code maxPerSecond} lines a second (wall clock); lines held back by the limit
 * are counted and the next line says how many. A sink by default (emits nothing); with {@code passThrough} it
 * emits every record unchanged, so it can sit anywhere in a pipeline. Nothing is formatted unless the line is
 * written: a disabled log level costs one counter increment per record.
 */
final class LogStage implements Stage {

    private final String prefix;
    private final long everyNth;
    private final boolean passThrough;
    private final @Nullable TokenBucket limiter;
    private final LongSupplier nanoClock;
    private final BooleanSupplier enabled;
    private final Consumer<String> line;
    private long seen;
    private long heldBack;

    /**
     * @param prefix what each line starts with, e.g. {@code p1/log}
     * @param limiter the lines-per-second limit, or null for none
     * @param nanoClock the wall clock for the limit, in nanoseconds
     * @param enabled whether the log level is enabled
     * @param line writes a line to the log
     */
    LogStage(String prefix, long everyNth, boolean passThrough, @Nullable TokenBucket limiter, LongSupplier nanoClock,
            BooleanSupplier enabled, Consumer<String> line) {
        this.prefix = prefix;
        this.everyNth = everyNth;
        this.passThrough = passThrough;
        this.limiter = limiter;
        this.nanoClock = nanoClock;
        this.enabled = enabled;
        this.line = line;
    }

    @Override
    public void process(Record record, Emitter out) {
        seen++;
        if (seen % everyNth == 0 && enabled.getAsBoolean()) {
            TokenBucket l = limiter;
            if (l == null || l.tryTake(nanoClock.getAsLong() / 1e6)) {
                StringBuilder b = new StringBuilder(128).append(prefix).append(" #").append(seen).append(' ')
                        .append(record);
                if (heldBack > 0) {
                    b.append(" (").append(heldBack).append(" lines held back by maxPerSecond)");
                    heldBack = 0;
                }
                line.accept(b.toString());
            } else {
                heldBack++;
            }
        }
        if (passThrough) {
            out.emit(record);
        }
    }
}
