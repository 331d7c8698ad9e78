// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code ewma}: exponentially weighted moving average per channel. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(EwmaStageFactory.TYPE)
public final class EwmaStageFactory implements StageFactory {

    static final String TYPE = "ewma";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to smooth (required) */
        String[] channels();

        /** @return the weight of the newest sample, in (0, 1]; 1 passes values through */
        double alpha();

        /** @return restart a channel's average after a gap longer than this (record time); 0 = never */
        long maxGapMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        double alpha = s.finite("alpha", c::alpha);
        if (!(alpha > 0 && alpha <= 1)) {
            throw s.invalid("alpha", "must be in (0, 1], was " + alpha);
        }
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, 0, Long.MAX_VALUE);
        return new EwmaStage(s.where(), channels, alpha, maxGapMs);
    }
}
