// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarnLimiterTest {

    @Test
    void logsOncePerIntervalAndCountsTheRest() {
        WarnLimiter w = new WarnLimiter(60_000);
        assertThat(w.tryWarn(0)).isZero();
        assertThat(w.tryWarn(1)).isEqualTo(-1);
        assertThat(w.tryWarn(59_999)).isEqualTo(-1);
        assertThat(w.tryWarn(60_000)).isEqualTo(2);
        assertThat(w.tryWarn(60_001)).isEqualTo(-1);
        w.reset();
        assertThat(w.tryWarn(60_002)).isZero();
    }
}
