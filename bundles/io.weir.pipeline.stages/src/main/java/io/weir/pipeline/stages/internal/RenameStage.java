// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Map;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Renames channels; a renamed value keeps its position and type. Renames apply all at once, so {@code a=b} and
 * {@code b=a} swap two channels. A record with none of the source channels is emitted as is. If a target name is
 * already taken by a value that is not itself renamed away, the record fails (a value would be lost silently).
 */
final class RenameStage implements Stage {

    private final String where;
    private final Map<String, String> renames;
    /** Targets that are not also sources, and the source that renames to each: the possible collisions. */
    private final String[] collidingTargets;
    private final String[] collidingSources;

    RenameStage(String where, Map<String, String> renames, String[] collidingTargets, String[] collidingSources) {
        this.where = where;
        this.renames = Map.copyOf(renames);
        this.collidingTargets = collidingTargets.clone();
        this.collidingSources = collidingSources.clone();
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        Map<String, TypedValue> values = record.values();
        boolean any = false;
        for (String name : values.keySet()) {
            if (renames.containsKey(name)) {
                any = true;
                break;
            }
        }
        if (!any) {
            out.emit(record);
            return;
        }
        for (int i = 0; i < collidingTargets.length; i++) {
            if (values.containsKey(collidingTargets[i]) && values.containsKey(collidingSources[i])) {
                throw new StageException(where + ": cannot rename channel '" + collidingSources[i] + "' to '"
                        + collidingTargets[i] + "': the record already has a channel '" + collidingTargets[i] + "'");
            }
        }
        Record.Builder b = Record.builder(record.source()).timestamp(record.timestamp());
        for (Map.Entry<String, TypedValue> e : values.entrySet()) {
            String target = renames.get(e.getKey());
            b.put(target == null ? e.getKey() : target, e.getValue());
        }
        out.emit(b.build());
    }
}
