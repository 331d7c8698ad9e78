// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code drop}: remove the listed channels. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(DropStageFactory.TYPE)
public final class DropStageFactory implements StageFactory {

    static final String TYPE = "drop";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to remove: exact names or prefixes ending in {@code *} (required) */
        String[] channels();
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] patterns = s.channels("channels", c::channels, false);
        return new ChannelFilterStage(ChannelMatcher.of(patterns, s, "channels"), false);
    }
}
