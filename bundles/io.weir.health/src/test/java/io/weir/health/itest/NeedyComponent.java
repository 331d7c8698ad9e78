// SPDX-License-Identifier: Apache-2.0
package io.weir.health.itest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A component that can never be satisfied (nobody provides {@link Missing}). Disabled by default; the test
 * enables it to see the health endpoint name it.
 */
@Component(name = NeedyComponent.NAME, enabled = false, service = {})
public class NeedyComponent {

    static final String NAME = "itest.needy";

    /** A service type that nothing registers. */
    public interface Missing {
    }

    @Activate
    public NeedyComponent(@Reference(name = "missing") Missing missing) {
    }
}
