// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code rate-limit}: at most N records per second (token bucket), the rest dropped. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(RateLimitStageFactory.TYPE)
public final class RateLimitStageFactory implements StageFactory {

    static final String TYPE = "rate-limit";

    /** Node configuration. */
    @interface Config {
        /** @return the sustained rate, records per second (required) */
        double maxRecordsPerSecond();

        /** @return the most records passed back to back after a quiet period, 1 to 1,000,000 */
        int burst() default 1;

        /** @return {@code record} (record timestamps) or {@code wall} (the gateway's monotonic clock) */
        String clock() default "record";
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        double rate = s.positive("maxRecordsPerSecond", c::maxRecordsPerSecond);
        int burst = s.intBetween("burst", c::burst, 1, 1_000_000);
        boolean wall = "wall".equals(s.oneOf("clock", c::clock, "record", "wall"));
        return new RateLimitStage(s.where(), rate, burst, wall ? System::nanoTime : null);
    }
}
