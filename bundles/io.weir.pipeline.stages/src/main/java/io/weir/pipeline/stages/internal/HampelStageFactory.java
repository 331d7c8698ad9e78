// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code hampel}: rolling median/MAD outlier filter. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(HampelStageFactory.TYPE)
public final class HampelStageFactory implements StageFactory {

    static final String TYPE = "hampel";
    static final int MAX_WINDOW = 10_001;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to filter (required) */
        String[] channels();

        /** @return the number of samples in the window, the current one included, 3 to 10,001 */
        int window() default 7;

        /** @return k: a value more than k scaled MADs from the median is an outlier */
        double threshold() default 3.0;

        /** @return {@code replace} (by the median) or {@code flag} */
        String action() default "replace";

        /** @return empty a channel's window after a gap longer than this (record time); 0 = never */
        long maxGapMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        int window = s.intBetween("window", c::window, 3, MAX_WINDOW);
        double threshold = s.positive("threshold", c::threshold);
        OutlierAction action = OutlierAction.of(s.oneOf("action", c::action, "replace", "flag"));
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, 0, Long.MAX_VALUE);
        return new HampelStage(s.where(), channels, window, threshold, action, maxGapMs);
    }
}
