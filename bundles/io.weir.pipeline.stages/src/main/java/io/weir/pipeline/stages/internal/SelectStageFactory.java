// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code select}: keep only the listed channels. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(SelectStageFactory.TYPE)
public final class SelectStageFactory implements StageFactory {

    static final String TYPE = "select";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to keep: exact names or prefixes ending in {@code *} (required) */
        String[] channels();
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] patterns = s.channels("channels", c::channels, false);
        return new ChannelFilterStage(ChannelMatcher.of(patterns, s, "channels"), true);
    }
}
