// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriverProtocolTest {

    /**
     * DS names the property of a single-element component property type after the annotation: PREFIX_ plus the
     * simple name with a '.' before each upper-case letter that follows a lower-case letter or digit, lower-cased.
     * The PROPERTY constant that consumers filter on must be that name.
     */
    @Test
    void propertyConstantIsTheNameDsDerives() {
        String derived = DriverProtocol.PREFIX_
                + DriverProtocol.class.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase();
        assertThat(DriverProtocol.PROPERTY).isEqualTo(derived);
    }
}
