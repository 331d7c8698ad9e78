// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * EventAdmin topics and property names of the drift events an {@code inference} stage node posts (asynchronously,
 * with {@code EventAdmin.postEvent}). Subscribe with {@code event.topics=}{@value #TOPIC_ALL}.
 *
 * <p><b>When.</b> Every drift statistic of a node (one per monitored input feature, {@value #SCORE} for the model's
 * score, {@value #ERROR} for the prediction error rate when ground truth is configured) is compared with its
 * threshold on every record. When one has stayed above its threshold for the node's sustain time, measured on
 * record timestamps, the node posts {@link #TOPIC_DRIFT}. While the drift persists it posts {@link #TOPIC_DRIFT}
 * again only when a further statistic has become drifting, or as a reminder after the node's reminder interval,
 * and never twice within one sustain time. When every statistic is back at or below its threshold it posts
 * {@link #TOPIC_DRIFT_CLEARED} once ({@link #REASON} {@value #REASON_RECOVERED}); when the model version changes
 * during a drift, the windows restart and {@link #TOPIC_DRIFT_CLEARED} is posted for the old version
 * ({@link #REASON} {@value #REASON_MODEL_CHANGED}).
 *
 * <p><b>Properties</b> (both topics): {@link #MODEL_NAME}, {@link #MODEL_VERSION}, {@link #PIPELINE},
 * {@link #STAGE}, {@link #STATISTIC}, {@link #THRESHOLD}, {@link #WINDOW}, {@link #SINCE}, {@link #TIMESTAMP},
 * {@link #FEATURES}, {@link #VALUES}, {@link #STATISTICS}; {@link #ERROR_THRESHOLD} when the prediction error is
 * monitored; {@link #REASON} on {@link #TOPIC_DRIFT_CLEARED}.
 *
 * <p>Constants defined by Weir: a provider type. Properties may be added in minor versions.
 */
@ProviderType
public final class DriftEvents {

    /** Topic posted when drift has been sustained: {@value}. */
    public static final String TOPIC_DRIFT = "io/weir/inference/DRIFT";

    /** Topic posted once when every statistic is back below its threshold: {@value}. */
    public static final String TOPIC_DRIFT_CLEARED = "io/weir/inference/DRIFT_CLEARED";

    /** Subscription pattern for both topics: {@value}. */
    public static final String TOPIC_ALL = "io/weir/inference/*";

    /** The model name (String): {@value}. */
    public static final String MODEL_NAME = "model.name";

    /** The model version whose statistics are reported (String, for example {@code 1.2.0}): {@value}. */
    public static final String MODEL_VERSION = "model.version";

    /** The pipeline of the stage node (String): {@value}. */
    public static final String PIPELINE = "pipeline";

    /** The stage node id within the pipeline (String): {@value}. */
    public static final String STAGE = "stage";

    /** The distribution statistic in use (String): {@value #STATISTIC_PSI} or {@value #STATISTIC_KS}: {@value}. */
    public static final String STATISTIC = "statistic";

    /** Value of {@link #STATISTIC}: population stability index. */
    public static final String STATISTIC_PSI = "psi";

    /** Value of {@link #STATISTIC}: Kolmogorov–Smirnov distance at the reference bin edges. */
    public static final String STATISTIC_KS = "ks";

    /** The threshold of the feature and score statistics (Double): {@value}. */
    public static final String THRESHOLD = "threshold";

    /**
     * The tolerated rise of the error rate over the model's evaluated error rate (Double), present when the
     * prediction error is monitored (ground truth configured and the model states {@code eval.accuracy}): {@value}.
     */
    public static final String ERROR_THRESHOLD = "error.threshold";

    /** The sliding window length in samples (Integer): {@value}. */
    public static final String WINDOW = "window";

    /**
     * Record time, epoch milliseconds, at which the earliest of the drifting statistics went above its threshold
     * (Long): {@value}.
     */
    public static final String SINCE = "since";

    /** Record time, epoch milliseconds, of the record that triggered the event (Long): {@value}. */
    public static final String TIMESTAMP = "timestamp";

    /**
     * The drifting statistics (String[]): feature names (record fields), {@value #SCORE} and/or {@value #ERROR}.
     * On {@link #TOPIC_DRIFT_CLEARED}: the ones last reported drifting. {@value}.
     */
    public static final String FEATURES = "features";

    /**
     * The current values of the {@link #FEATURES} statistics, same order (double[]). For {@value #ERROR} the value
     * is the rise of the error rate over the model's evaluated error rate. {@value}.
     */
    public static final String VALUES = "values";

    /**
     * Every statistic of the node at the time of the event (String), for example
     * {@code vibration_mean=0.4100,vibration_std=0.0200,score=0.3000}; {@code NaN} while a window holds fewer than
     * the minimum samples. {@value}.
     */
    public static final String STATISTICS = "statistics";

    /** Why the drift ended (String), on {@link #TOPIC_DRIFT_CLEARED} only: {@value}. */
    public static final String REASON = "reason";

    /** Value of {@link #REASON}: every statistic fell back to or below its threshold. */
    public static final String REASON_RECOVERED = "recovered";

    /** Value of {@link #REASON}: another model version became active; its windows start empty. */
    public static final String REASON_MODEL_CHANGED = "model-changed";

    /** Name of the score's statistic in {@link #FEATURES} and {@link #STATISTICS}: {@value}. */
    public static final String SCORE = "score";

    /** Name of the prediction-error statistic in {@link #FEATURES} and {@link #STATISTICS}: {@value}. */
    public static final String ERROR = "error";

    private DriftEvents() {
        // constants only
    }
}
