// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code window}: tumbling or sliding, count- or time-based windows emitting features. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(WindowStageFactory.TYPE)
public final class WindowStageFactory implements StageFactory {

    static final String TYPE = "window";
    static final int MAX_COUNT = 1_000_000;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to compute features of (required) */
        String[] channels();

        /** @return {@code tumbling} or {@code sliding} */
        String mode() default "tumbling";

        /** @return {@code count} (windows of records) or {@code time} (windows on record timestamps) */
        String basis() default "count";

        /** @return count basis: records per window */
        int size() default 0;

        /** @return count basis, sliding: records between two windows, 1 to size - 1 */
        int step() default 0;

        /** @return time basis: window length in milliseconds */
        long sizeMs() default 0;

        /** @return time basis, sliding: milliseconds between two window starts, 1 to sizeMs - 1 */
        long stepMs() default 0;

        /** @return the features: mean, min, max, std, rms, p2p, count */
        String[] features() default {"mean", "min", "max", "std", "rms", "p2p"};

        /** @return time basis: {@code drop} or {@code dead-letter} records that only belong to emitted windows */
        String late() default "drop";

        /** @return time basis: the most records buffered (memory bound), 1 to 10,000,000 */
        int maxSamples() default 100_000;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        boolean sliding = "sliding".equals(s.oneOf("mode", c::mode, "tumbling", "sliding"));
        boolean time = "time".equals(s.oneOf("basis", c::basis, "count", "time"));
        WindowFeatures features = new WindowFeatures(channels, features(s, c));
        if (time) {
            unused(s, "size", s.get("size", c::size), "basis=count");
            unused(s, "step", s.get("step", c::step), "basis=count");
            long sizeMs = s.longBetween("sizeMs", c::sizeMs, 1, Long.MAX_VALUE / 4);
            long stepMs = sliding ? s.longBetween("stepMs", c::stepMs, 1, sizeMs - 1)
                    : tumblingStep(s, "stepMs", s.get("stepMs", c::stepMs), sizeMs);
            int maxSamples = s.intBetween("maxSamples", c::maxSamples, 1, 10_000_000);
            LatePolicy policy = s.late(c::late);
            return new TimeWindowStage(s.where(), channels, sizeMs, stepMs, maxSamples, features,
                    new LateRecords(s.where(), policy, System::nanoTime),
                    new ThrottledWarning(s.where(), "records evicted from a full window buffer", System::nanoTime));
        }
        unused(s, "sizeMs", s.get("sizeMs", c::sizeMs), "basis=time");
        unused(s, "stepMs", s.get("stepMs", c::stepMs), "basis=time");
        int size = s.intBetween("size", c::size, 1, MAX_COUNT);
        int step = sliding ? s.intBetween("step", c::step, 1, size - 1)
                : (int) tumblingStep(s, "step", s.get("step", c::step), size);
        return new CountWindowStage(s.where(), channels, size, step, features);
    }

    private static WindowFeature[] features(Settings s, Config c) {
        String[] labels = s.get("features", c::features);
        if (labels.length == 0) {
            throw s.invalid("features", "at least one feature is required");
        }
        WindowFeature[] result = new WindowFeature[labels.length];
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            result[i] = WindowFeature.of(label).orElseThrow(() -> s.invalid("features",
                    "'" + label + "' is not one of mean, min, max, std, rms, p2p, count"));
            for (int j = 0; j < i; j++) {
                if (result[j] == result[i]) {
                    throw s.invalid("features", "'" + label + "' is listed twice");
                }
            }
        }
        return result;
    }

    private static long tumblingStep(Settings s, String attribute, long step, long size) {
        if (step != 0 && step != size) {
            throw s.invalid(attribute, "is only used with mode=sliding (tumbling windows step by their size)");
        }
        return size;
    }

    private static void unused(Settings s, String attribute, long value, String usedWith) {
        if (value != 0) {
            throw s.invalid(attribute, "is only used with " + usedWith);
        }
    }
}
