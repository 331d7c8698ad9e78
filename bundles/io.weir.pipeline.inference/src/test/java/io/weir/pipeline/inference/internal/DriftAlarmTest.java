// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sustain / reminder / clear state machine, on record time. */
class DriftAlarmTest {

    private static final double NAN = Double.NaN;

    @Test
    void firesExactlyWhenTheStatisticHasBeenAboveForTheSustainTime() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 1000, 0);
        assertThat(a.update(0, new double[] {0.1})).isNull();
        assertThat(a.update(100, new double[] {0.3})).isNull(); // above since 100
        assertThat(a.update(1000, new double[] {0.3})).isNull();
        assertThat(a.update(1099, new double[] {0.3})).isNull();
        DriftAlarm.Transition t = a.update(1100, new double[] {0.3});
        assertThat(t).isNotNull();
        assertThat(t.cleared()).isFalse();
        assertThat(t.statistics()).containsExactly(0);
        assertThat(t.since()).isEqualTo(100);
        assertThat(a.drifting()).isTrue();
        assertThat(a.since()).isEqualTo(100);
        // no repetition while it persists
        for (long ts = 1200; ts < 100_000; ts += 100) {
            assertThat(a.update(ts, new double[] {0.3})).isNull();
        }
    }

    @Test
    void aDipToTheThresholdRestartsTheRun() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 1000, 0);
        a.update(0, new double[] {0.3});
        a.update(500, new double[] {0.25}); // not strictly above
        a.update(600, new double[] {0.3});
        assertThat(a.update(1000, new double[] {0.3})).isNull();
        assertThat(a.update(1599, new double[] {0.3})).isNull();
        assertThat(a.update(1600, new double[] {0.3})).isNotNull();
    }

    @Test
    void anUnknownStatisticIsNotAbove() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 0, 0);
        assertThat(a.update(0, new double[] {NAN})).isNull();
        assertThat(a.drifting()).isFalse();
    }

    @Test
    void zeroSustainFiresOnTheFirstRecordAbove() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 0, 0);
        assertThat(a.update(7, new double[] {0.5})).isNotNull();
    }

    @Test
    void clearsOnceWhenEveryStatisticIsBackBelow() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25, 0.25}, 1000, 0);
        a.update(0, new double[] {0.3, 0.3});
        assertThat(a.update(1000, new double[] {0.3, 0.3}).statistics()).containsExactly(0, 1);
        assertThat(a.update(1100, new double[] {0.1, 0.3})).isNull(); // one still above
        DriftAlarm.Transition t = a.update(1200, new double[] {0.1, 0.2});
        assertThat(t).isNotNull();
        assertThat(t.cleared()).isTrue();
        assertThat(t.statistics()).containsExactly(0, 1);
        assertThat(t.since()).isEqualTo(0);
        assertThat(a.drifting()).isFalse();
        assertThat(a.since()).isEqualTo(-1);
        assertThat(a.update(1300, new double[] {0.1, 0.2})).isNull();
    }

    @Test
    void aNewlyDriftingStatisticIsReportedButNotWithinOneSustainTimeOfTheLastEvent() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25, 0.25}, 1000, 0);
        a.update(0, new double[] {0.3, 0.1});
        a.update(50, new double[] {0.3, 0.3});
        DriftAlarm.Transition first = a.update(1000, new double[] {0.3, 0.3});
        assertThat(first.statistics()).containsExactly(0); // the second is above for 950 ms only
        for (long ts = 1050; ts < 2000; ts += 50) {
            assertThat(a.update(ts, new double[] {0.3, 0.3})).as("at %d", ts).isNull();
        }
        DriftAlarm.Transition grown = a.update(2000, new double[] {0.3, 0.3});
        assertThat(grown.statistics()).containsExactly(0, 1);
        assertThat(grown.since()).isEqualTo(0);
    }

    @Test
    void remindsAfterTheReminderInterval() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 1000, 5000);
        a.update(0, new double[] {0.3});
        assertThat(a.update(1000, new double[] {0.3})).isNotNull();
        for (long ts = 1100; ts < 6000; ts += 100) {
            assertThat(a.update(ts, new double[] {0.3})).isNull();
        }
        DriftAlarm.Transition reminder = a.update(6000, new double[] {0.3});
        assertThat(reminder).isNotNull();
        assertThat(reminder.since()).isEqualTo(0);
        assertThat(a.update(6100, new double[] {0.3})).isNull();
    }

    @Test
    void anOlderRecordDoesNotCountAsSustained() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 1000, 0);
        a.update(5000, new double[] {0.3});
        assertThat(a.update(-10_000, new double[] {0.3})).isNull();
        assertThat(a.update(6000, new double[] {0.3})).isNotNull();
    }

    @Test
    void abandoningReportsTheDriftAsClearedOnlyIfOneWasReported() {
        DriftAlarm a = new DriftAlarm(new double[] {0.25}, 1000, 0);
        a.update(0, new double[] {0.3});
        assertThat(a.abandon()).isNull();
        a.update(1000, new double[] {0.3});
        DriftAlarm.Transition t = a.abandon();
        assertThat(t.cleared()).isTrue();
        assertThat(t.statistics()).containsExactly(0);
        assertThat(a.drifting()).isFalse();
    }
}
