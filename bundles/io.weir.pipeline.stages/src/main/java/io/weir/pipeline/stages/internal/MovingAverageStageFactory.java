// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code moving-average}: simple moving average over the last N samples per channel. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(MovingAverageStageFactory.TYPE)
public final class MovingAverageStageFactory implements StageFactory {

    static final String TYPE = "moving-average";
    static final int MAX_WINDOW = 1_000_000;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to smooth (required) */
        String[] channels();

        /** @return the number of samples averaged, 1 to 1,000,000 */
        int window();

        /** @return empty a channel's window after a gap longer than this (record time); 0 = never */
        long maxGapMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        int window = s.intBetween("window", c::window, 1, MAX_WINDOW);
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, 0, Long.MAX_VALUE);
        return new MovingAverageStage(s.where(), channels, window, maxGapMs);
    }
}
