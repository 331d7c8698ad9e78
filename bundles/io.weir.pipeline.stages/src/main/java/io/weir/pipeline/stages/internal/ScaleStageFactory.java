// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code scale}: {@code value * gain + offset} per channel, or a unit conversion preset. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(ScaleStageFactory.TYPE)
public final class ScaleStageFactory implements StageFactory {

    static final String TYPE = "scale";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to scale (required) */
        String[] channels();

        /** @return the factor; must stay 1 when a preset is set */
        double gain() default 1.0;

        /** @return the term added after the factor; must stay 0 when a preset is set */
        double offset() default 0.0;

        /** @return a unit conversion such as {@code c-to-f}; empty for none */
        String preset() default "";
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        double gain = s.finite("gain", c::gain);
        double offset = s.finite("offset", c::offset);
        String preset = s.get("preset", c::preset);
        if (!preset.isBlank()) {
            UnitPreset p = UnitPreset.of(preset).orElseThrow(() -> s.invalid("preset",
                    "'" + preset + "' is not one of " + UnitPreset.labels()));
            if (gain != 1.0 || offset != 0.0) {
                throw s.invalid("preset", "set either a preset or gain/offset, not both");
            }
            gain = p.gain;
            offset = p.offset;
        }
        return new ScaleStage(s.where(), channels, gain, offset);
    }
}
