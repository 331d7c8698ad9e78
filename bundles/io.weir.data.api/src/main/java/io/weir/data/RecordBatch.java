// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import org.osgi.annotation.versioning.ProviderType;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, ordered batch of records, the throughput form of the data path: drivers that read many
 * samples at once, pipeline queues and the cloud publisher move batches to amortise per-record costs.
 *
 * @param records the records in order; copied into an unmodifiable list, never {@code null}
 */
@ProviderType
public record RecordBatch(List<Record> records) {

    /** Copies the list so that a batch can never change. */
    public RecordBatch {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    /** @return the number of records */
    public int size() {
        return records.size();
    }
}
