// SPDX-License-Identifier: Apache-2.0
package io.weir.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HealthReportTest {

    @Test
    void copiesDetailsAndRejectsNulls() {
        Map<String, String> details = new HashMap<>(Map.of("queued", "3"));
        HealthReport r = new HealthReport(HealthState.DEGRADED, "buffering", details);
        details.put("queued", "4");
        assertThat(r.details()).containsExactly(Map.entry("queued", "3"));
        assertThatThrownBy(() -> new HealthReport(null, "", Map.of())).isInstanceOf(NullPointerException.class);
        assertThat(HealthReport.down("x").state()).isEqualTo(HealthState.DOWN);
        assertThat(HealthReport.up().message()).isEmpty();
    }
}
