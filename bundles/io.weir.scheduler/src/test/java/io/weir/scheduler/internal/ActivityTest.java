// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActivityTest {

    private static final long T0 = 1_750_000_000_000L; // a whole second

    @Test
    void countsPerSecondAndRowOverTheLastMinute() {
        Activity a = new Activity();
        a.count("local", T0 + 100);
        a.count("local", T0 + 999);
        a.count("cloud", T0 + 1_000);
        a.count(Activity.NOT_COMPLETED, T0 + 1_500);
        Map<String, int[]> last = a.last(T0 + 2_000); // seconds T0 and T0+1 are the last two whole ones
        assertThat(last.keySet()).containsExactly("local", "cloud", Activity.NOT_COMPLETED);
        assertThat(last.get("local")[58]).isEqualTo(2);
        assertThat(last.get("local")[59]).isZero();
        assertThat(last.get("cloud")[59]).isEqualTo(1);
        assertThat(last.get(Activity.NOT_COMPLETED)[59]).isEqualTo(1);
        // 60 s later the slots are reused: the old counts are gone, not added to
        a.count("local", T0 + 60_200); // the slot of T0 again
        last = a.last(T0 + 62_000); // seconds T0+2 .. T0+61
        assertThat(last.get("local")[58]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(last.get("local")).sum()).isEqualTo(1);
        assertThat(java.util.Arrays.stream(last.get("cloud")).sum()).isZero();
    }

    @Test
    void drawsAllRowsOnOneScale() {
        assertThat(Activity.sparkline(new int[] {0, 1, 2, 4, 8}, 8)).isEqualTo(" ▁▂▄█");
        assertThat(Activity.sparkline(new int[] {3, 9}, 8)).isEqualTo("▃█");
        Activity a = new Activity();
        assertThat(a.lines(T0)).isEmpty();
        for (int i = 0; i < 8; i++) {
            a.count("local", T0 + 58_000);
        }
        a.count("cloud", T0 + 58_000);
        a.count("cloud", T0 + 59_000);
        List<String> lines = a.lines(T0 + 60_000);
        assertThat(lines).containsExactly(
                "tasks ended per second, last 60 s (oldest left; one scale, █ = 8/s):",
                "local            |" + " ".repeat(58) + "█ | peak 8/s, last 0/s",
                "cloud            |" + " ".repeat(58) + "▁▁| peak 1/s, last 1/s");
    }
}
