// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/** Collects emitted records and posted events. */
final class Collector implements Emitter, DriftEventSink {

    record Posted(String topic, Map<String, Object> properties) {
    }

    final List<Record> records = new ArrayList<>();
    final List<Posted> events = new ArrayList<>();

    @Override
    public void emit(Record record) {
        records.add(record);
    }

    @Override
    public void post(String topic, Map<String, Object> properties) {
        events.add(new Posted(topic, properties));
    }

    /** @return the single record the stage emitted for this input; fails if it emitted none or several */
    Record one(Stage stage, Record input) throws StageException {
        int before = records.size();
        stage.process(input, this);
        if (records.size() != before + 1) {
            throw new AssertionError("expected one output record for " + input + " but got "
                    + records.subList(before, records.size()));
        }
        return records.get(before);
    }
}
