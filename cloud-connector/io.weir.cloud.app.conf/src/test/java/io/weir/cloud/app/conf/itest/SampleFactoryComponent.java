// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.itest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** A factory-configured component for the tests. */
@Component(configurationPid = SampleFactoryComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = SampleFactoryComponent.Config.class, factory = true)
public class SampleFactoryComponent {

    static final String FACTORY_PID = "io.weir.cloud.app.conf.itest.device";

    @ObjectClassDefinition(name = "Sample device")
    @interface Config {
        @AttributeDefinition(name = "Port", min = "1", max = "65535")
        int port() default 502;
    }
}
