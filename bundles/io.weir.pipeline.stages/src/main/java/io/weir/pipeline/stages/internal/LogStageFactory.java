// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/**
 * Stage type {@code log}: a log sink. Each node logs through its own SLF4J logger named
 * {@code io.weir.pipeline.stages.log.<pipeline>.<stageId>}, so its level can be set per node in the logging
 * configuration (the one place where a logger is not a per-class constant, on purpose).
 */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(LogStageFactory.TYPE)
public final class LogStageFactory implements StageFactory {

    static final String TYPE = "log";
    static final String LOGGER_PREFIX = "io.weir.pipeline.stages.log.";

    /** Node configuration. */
    @interface Config {
        /** @return {@code info} or {@code debug} */
        String level() default "info";

        /** @return log one record in N, 1 to 1,000,000,000 */
        long everyNth() default 1;

        /** @return the most lines per second (wall clock); 0 = no limit */
        double maxPerSecond() default 1.0;

        /** @return also emit every record unchanged (default: a sink that emits nothing) */
        boolean passThrough() default false;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        boolean debug = "debug".equals(s.oneOf("level", c::level, "info", "debug"));
        long everyNth = s.longBetween("everyNth", c::everyNth, 1, 1_000_000_000);
        double maxPerSecond = s.atLeast("maxPerSecond", c::maxPerSecond, 0);
        boolean passThrough = s.get("passThrough", c::passThrough);
        Logger logger = LoggerFactory.getLogger(LOGGER_PREFIX + context.pipelineName() + "." + context.stageId());
        String prefix = context.pipelineName() + "/" + context.stageId();
        TokenBucket limiter = maxPerSecond > 0 ? new TokenBucket(maxPerSecond, 1) : null;
        return debug
                ? new LogStage(prefix, everyNth, passThrough, limiter, System::nanoTime, logger::isDebugEnabled,
                        logger::debug)
                : new LogStage(prefix, everyNth, passThrough, limiter, System::nanoTime, logger::isInfoEnabled,
                        logger::info);
    }
}
