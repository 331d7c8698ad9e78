// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.ArrayList;
import java.util.List;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/** Collects emitted records; {@link #run} feeds a stage and returns what one input produced. */
final class Collector implements Emitter {

    final List<Record> records = new ArrayList<>();

    @Override
    public void emit(Record record) {
        records.add(record);
    }

    /** @return the records the stage emitted for this one input */
    List<Record> run(Stage stage, Record input) throws StageException {
        int before = records.size();
        stage.process(input, this);
        return List.copyOf(records.subList(before, records.size()));
    }

    /** @return the single record the stage emitted for this input; fails if it emitted none or several */
    Record one(Stage stage, Record input) throws StageException {
        List<Record> out = run(stage, input);
        if (out.size() != 1) {
            throw new AssertionError("expected one output record for " + input + " but got " + out);
        }
        return out.get(0);
    }
}
