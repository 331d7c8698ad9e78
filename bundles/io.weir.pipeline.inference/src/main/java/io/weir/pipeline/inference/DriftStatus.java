// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of the drift statistics of one {@code inference} stage node. A DTO defined by Weir: a provider type.
 * Immutable.
 *
 * @param pipelineName the pipeline of the node
 * @param stageId the node id within the pipeline
 * @param modelName the configured model name
 * @param modelVersion the version the statistics belong to, empty before the first record was scored
 * @param statistic {@value DriftEvents#STATISTIC_PSI}, {@value DriftEvents#STATISTIC_KS}, or {@code none} when
 *        drift detection is off
 * @param threshold the threshold of the feature and score statistics
 * @param window the sliding window length in samples
 * @param samples the samples in the feature windows so far (at most {@code window}); they restart with each model
 *        version
 * @param timestamp the record time of the last record scored, epoch milliseconds, or -1 before the first
 * @param statistics every statistic by name, in order (features, then {@value DriftEvents#SCORE}, then
 *        {@value DriftEvents#ERROR}); {@code NaN} while its window holds fewer than the minimum samples; copied,
 *        unmodifiable
 * @param drifting the statistics above their threshold for at least the sustain time, in the same order; copied,
 *        unmodifiable
 * @param since the record time at which the current drift began (as in {@link DriftEvents#SINCE}), or -1 while the
 *        node reports no drift
 * @param skippedRecords records passed on unscored because a feature was missing or not a finite number
 */
@ProviderType
public record DriftStatus(String pipelineName, String stageId, String modelName, String modelVersion, String statistic,
        double threshold, int window, int samples, long timestamp, Map<String, Double> statistics,
        List<String> drifting, long since, long skippedRecords) {

    /**
     * Checks for {@code null} and copies the collections, keeping their order.
     *
     * @param pipelineName see {@link #pipelineName()}
     * @param stageId see {@link #stageId()}
     * @param modelName see {@link #modelName()}
     * @param modelVersion see {@link #modelVersion()}
     * @param statistic see {@link #statistic()}
     * @param threshold see {@link #threshold()}
     * @param window see {@link #window()}
     * @param samples see {@link #samples()}
     * @param timestamp see {@link #timestamp()}
     * @param statistics see {@link #statistics()}
     * @param drifting see {@link #drifting()}
     * @param since see {@link #since()}
     * @param skippedRecords see {@link #skippedRecords()}
     */
    public DriftStatus {
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(stageId, "stageId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(statistic, "statistic");
        statistics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(statistics, "statistics")));
        drifting = List.copyOf(Objects.requireNonNull(drifting, "drifting"));
    }
}
