// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code deadband}: report a channel only when it moved more than a band (absolute or percent). */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(DeadbandStageFactory.TYPE)
public final class DeadbandStageFactory implements StageFactory {

    static final String TYPE = "deadband";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to watch (required) */
        String[] channels();

        /** @return {@code absolute} or {@code percent} */
        String mode() default "absolute";

        /** @return the band: in channel units (absolute) or percent; 0 reports every change */
        double band();

        /** @return percent mode: the measuring span the percentage refers to; 0 = percent of the last emitted value */
        double span() default 0;

        /** @return emit a channel anyway when its last emission is at least this old (record time); 0 = never */
        long maxIntervalMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        boolean percent = "percent".equals(s.oneOf("mode", c::mode, "absolute", "percent"));
        double band = s.atLeast("band", c::band, 0);
        double span = s.atLeast("span", c::span, 0);
        if (span > 0 && !percent) {
            throw s.invalid("span", "is only used with mode=percent");
        }
        long maxIntervalMs = s.longBetween("maxIntervalMs", c::maxIntervalMs, 0, Long.MAX_VALUE);
        return new DeadbandStage(s.where(), channels, percent, band, span, maxIntervalMs);
    }
}
