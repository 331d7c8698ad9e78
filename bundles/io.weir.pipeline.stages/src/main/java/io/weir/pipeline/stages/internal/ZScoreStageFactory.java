// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code zscore}: rolling mean/standard-deviation outlier filter. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(ZScoreStageFactory.TYPE)
public final class ZScoreStageFactory implements StageFactory {

    static final String TYPE = "zscore";
    static final int MAX_WINDOW = 100_000;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to filter (required) */
        String[] channels();

        /** @return the number of past samples the mean and standard deviation are taken over, 2 to 100,000 */
        int window() default 30;

        /** @return k: a value more than k standard deviations from the mean is an outlier */
        double threshold() default 3.0;

        /** @return {@code drop}, {@code replace} (by the mean) or {@code flag} */
        String action() default "replace";

        /** @return empty a channel's history after a gap longer than this (record time); 0 = never */
        long maxGapMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        int window = s.intBetween("window", c::window, 2, MAX_WINDOW);
        double threshold = s.positive("threshold", c::threshold);
        OutlierAction action = OutlierAction.of(s.oneOf("action", c::action, "drop", "replace", "flag"));
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, 0, Long.MAX_VALUE);
        return new ZScoreStage(s.where(), channels, window, threshold, action, maxGapMs);
    }
}
