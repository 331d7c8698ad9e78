// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.itest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** A configurable component for the tests: an int with a range, an option list, an array and a password. */
@Component(configurationPid = SampleComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = SampleComponent.Config.class)
public class SampleComponent {

    static final String PID = "io.weir.cloud.app.conf.itest.sample";

    @ObjectClassDefinition(name = "Sample", description = "A sample component")
    @interface Config {
        @AttributeDefinition(name = "Threshold", min = "1", max = "100")
        int threshold() default 10;

        @AttributeDefinition(name = "Mode", options = { @Option(label = "Fast", value = "fast"),
            @Option(label = "Slow", value = "slow") })
        String mode() default "fast";

        @AttributeDefinition(name = "Tags", cardinality = 5, required = false)
        String[] tags() default { "a", "b" };

        @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false)
        String apiKey() default "";

        @AttributeDefinition(name = "Hidden secret", type = AttributeType.PASSWORD, required = false)
        String _secret() default "";
    }
}
