// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static io.weir.pipeline.inference.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.weir.pipeline.Stage;
import io.weir.pipeline.inference.DriftEvents;
import io.weir.pipeline.inference.DriftStatus;
import io.weir.pipeline.inference.fake.FakeEngine;

/** The factory component: stages through the constructor, drift events through EventAdmin, the monitor. */
class InferenceStageFactoryTest {

    /** Records posted events; {@code sendEvent} must never be used (it would block the pipeline). */
    static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> posted = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("drift events are posted asynchronously");
        }
    }

    private final FakeEngine engine = new FakeEngine().activate(FakeEngine.descriptor("vib", "1.0.0",
            List.of("input:FLOAT:-1x1"), List.of("score:FLOAT:-1x1"), "input.features", "a", "reference.a.edges",
            "0", "reference.a.fractions", "0.5,0.5"), FakeEngine.rowFunction("score", x -> new double[] {0.1}));
    private final InferenceStageFactory factory = new InferenceStageFactory(engine);
    private final Collector out = new Collector();

    private Stage create(String pipeline, String stageId) {
        return factory.create(new TestContext(pipeline, stageId, Map.of("model", "vib", "normalize", false,
                "driftWindow", 10, "driftSustainMs", 0)));
    }

    private static void feedDrift(Stage stage, Collector out) throws Exception {
        for (int i = 0; i < 10; i++) {
            stage.process(rec(i, "a", 5.0), out);
        }
    }

    @Test
    void driftEventsArePostedThroughEventAdmin() throws Exception {
        RecordingEventAdmin ea = new RecordingEventAdmin();
        factory.eventAdmin(ea);
        feedDrift(create("line", "score"), out);
        assertThat(ea.posted).hasSize(1);
        Event e = ea.posted.get(0);
        assertThat(e.getTopic()).isEqualTo(DriftEvents.TOPIC_DRIFT);
        assertThat(e.getProperty(DriftEvents.PIPELINE)).isEqualTo("line");
        assertThat(e.getProperty(DriftEvents.STAGE)).isEqualTo("score");
        assertThat(e.getProperty(DriftEvents.MODEL_VERSION)).isEqualTo("1.0.0");
        assertThat((String[]) e.getProperty(DriftEvents.FEATURES)).containsExactly("a");
        assertThat(e.getProperty(DriftEvents.VALUES)).isInstanceOf(double[].class);
        assertThat(e.getProperty(DriftEvents.SINCE)).isEqualTo(9L);
    }

    @Test
    void withoutEventAdminRecordsAreStillScoredAndDriftIsStillTracked() throws Exception {
        Stage stage = create("line", "score");
        feedDrift(stage, out);
        assertThat(out.records).hasSize(10);
        assertThat(factory.status("line", "score").since()).isEqualTo(9);
        // EventAdmin arrives later (dynamic, greedy): the next event goes out
        RecordingEventAdmin ea = new RecordingEventAdmin();
        factory.eventAdmin(ea);
        stage.process(rec(10, "a", -5.0), out);
        for (int i = 11; i < 20; i++) {
            stage.process(rec(i, "a", i % 2 == 0 ? -5.0 : 5.0), out);
        }
        assertThat(ea.posted).extracting(Event::getTopic).containsExactly(DriftEvents.TOPIC_DRIFT_CLEARED);
    }

    @Test
    void theMonitorListsLiveNodesUntilTheEngineClosesThem() throws Exception {
        Stage b = create("line2", "score");
        Stage a = create("line1", "score");
        a.process(rec(0, "a", 1.0), out);
        assertThat(factory.statuses()).extracting(DriftStatus::pipelineName).containsExactly("line1", "line2");
        DriftStatus s = factory.status("line1", "score");
        assertThat(s.modelName()).isEqualTo("vib");
        assertThat(s.modelVersion()).isEqualTo("1.0.0");
        assertThat(s.statistic()).isEqualTo("psi");
        assertThat(s.window()).isEqualTo(10);
        assertThat(s.statistics()).containsOnlyKeys("a");
        assertThat(factory.status("line2", "score").modelVersion()).isEmpty();
        assertThat(factory.status("line3", "score")).isNull();

        // a node rebuilt before the old stage is closed keeps its entry
        Stage a2 = create("line1", "score");
        a.close();
        assertThat(factory.status("line1", "score")).isNotNull();
        a2.close();
        b.close();
        assertThat(factory.statuses()).isEmpty();
    }

    @Test
    void theShellCommandShowsEveryNode() throws Exception {
        DriftCommands commands = new DriftCommands(factory);
        assertThat(commands.drift()).isEqualTo("no inference stage is running\n");
        Stage stage = create("line", "score");
        feedDrift(stage, out);
        String text = commands.drift();
        assertThat(text).startsWith("line/score: model vib@1.0.0, psi threshold 0.25, window 10/10, DRIFT since 9 [a]")
                .contains("    a ");
    }
}
