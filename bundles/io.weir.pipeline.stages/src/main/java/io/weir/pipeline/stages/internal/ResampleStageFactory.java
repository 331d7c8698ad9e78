// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code resample}: a fixed output period with imputation of gaps (hold or linear). */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(ResampleStageFactory.TYPE)
public final class ResampleStageFactory implements StageFactory {

    static final String TYPE = "resample";
    /** At most this many grid points are imputed per gap, so a bad maxGapMs cannot flood the pipeline. */
    static final long MAX_POINTS_PER_GAP = 1_000_000;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to resample (required) */
        String[] channels();

        /** @return the output period in milliseconds (required) */
        long periodMs();

        /** @return {@code hold} (last value) or {@code linear} (interpolation) */
        String fill() default "hold";

        /** @return no imputation more than this after a channel's last sample; at least periodMs */
        long maxGapMs() default 60_000;

        /** @return {@code drop} or {@code dead-letter} records older than the newest one */
        String late() default "drop";
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        long periodMs = s.longBetween("periodMs", c::periodMs, 1, Long.MAX_VALUE / 4);
        boolean linear = "linear".equals(s.oneOf("fill", c::fill, "hold", "linear"));
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, periodMs,
                Math.min(Long.MAX_VALUE / 4, periodMs * MAX_POINTS_PER_GAP));
        LatePolicy policy = s.late(c::late);
        return new ResampleStage(s.where(), channels, periodMs, linear, maxGapMs,
                new LateRecords(s.where(), policy, System::nanoTime));
    }
}
