// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A notification a gateway sent to the requester (spec §3.3), with the fields read the way Kapua reads them.
 *
 * <p>Topic: {@code $EDC/{account}/{requester}/{appId}/NOTIFY/{deviceClientId}/{resource...}}. From the payload:
 * <ul>
 * <li>{@link #operationId()}: {@code job.id} (INT64), else {@code operation.id} (INT64);</li>
 * <li>{@link #resource()}: {@code download} if {@code dp.download.status} is present, else {@code install} if
 * {@code dp.install.status} is present, else {@code uninstall} if {@code dp.uninstall.progress} is present;</li>
 * <li>{@link #status()} (STRING): the first present of {@code dp.download.status}, {@code dp.install.status},
 * {@code dp.uninstall.status}, {@code status};</li>
 * <li>{@link #progress()} (INT32): the first present of {@code dp.download.progress}, {@code dp.install.progress},
 * {@code dp.uninstall.progress}, {@code progress};</li>
 * <li>{@link #message()} (STRING): the first present of {@code dp.notify.message}, {@code message},
 * {@code dp.download.message}, {@code dp.download.error.message}, {@code dp.install.message},
 * {@code dp.install.error.message}, {@code dp.uninstall.message}, {@code dp.uninstall.error.message}.</li>
 * </ul>
 * A metric that Kapua would read but that has the wrong type makes the field {@code null} and is listed in {@link
 * #problems()} (Kapua would fail on it).
 *
 * @param sequence arrival order on this client, from 0
 * @param topic the topic
 * @param account topic level 1
 * @param requester topic level 2 (this client's id)
 * @param appId topic level 3, such as {@code DEPLOY-V2}
 * @param deviceClientId topic level 5: the gateway's client id
 * @param topicResources the topic levels after the device client id, such as {@code [download]}
 * @param payload the decoded payload
 * @param operationId the operation (job) id, or {@code null}
 * @param resource the resource Kapua derives from the metrics, or {@code null}
 * @param status the status string as sent, or {@code null}
 * @param progress the progress in percent, or {@code null}
 * @param message the message, or {@code null}
 * @param problems metrics of the wrong type, each as {@code "name is TYPE, not TYPE"}
 * @param arrival when it arrived
 */
public record Notification(long sequence, String topic, String account, String requester, String appId,
        String deviceClientId, List<String> topicResources, RawKuraPayload payload, @Nullable Long operationId,
        @Nullable String resource, @Nullable String status, @Nullable Integer progress, @Nullable String message,
        List<String> problems, Instant arrival) {

    private static final List<String> STATUS = List.of("dp.download.status", "dp.install.status",
            "dp.uninstall.status", "status");
    private static final List<String> PROGRESS = List.of("dp.download.progress", "dp.install.progress",
            "dp.uninstall.progress", "progress");
    private static final List<String> MESSAGE = List.of("dp.notify.message", "message", "dp.download.message",
            "dp.download.error.message", "dp.install.message", "dp.install.error.message", "dp.uninstall.message",
            "dp.uninstall.error.message");

    /** Copies the lists. */
    public Notification {
        Objects.requireNonNull(topic, "topic");
        topicResources = List.copyOf(topicResources);
        problems = List.copyOf(problems);
    }

    /**
     * Parses a notification.
     *
     * @param sequence arrival order
     * @param topic the topic; must have at least 6 levels with {@code NOTIFY} at level 4
     * @param payload the decoded payload
     * @param arrival when it arrived
     * @return the notification
     * @throws IllegalArgumentException if the topic is not a notification topic
     */
    public static Notification parse(long sequence, String topic, RawKuraPayload payload, Instant arrival) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 6 || !"NOTIFY".equals(levels[4])) {
            throw new IllegalArgumentException("not a notification topic: " + topic);
        }
        List<String> problems = new ArrayList<>();
        Long op = (Long) first(payload, List.of("job.id"), MetricType.INT64, problems);
        if (op == null) {
            op = (Long) first(payload, List.of("operation.id"), MetricType.INT64, problems);
        }
        String resource = payload.has("dp.download.status") ? "download"
                : payload.has("dp.install.status") ? "install"
                : payload.has("dp.uninstall.progress") ? "uninstall" : null;
        String status = (String) first(payload, STATUS, MetricType.STRING, problems);
        Integer progress = (Integer) first(payload, PROGRESS, MetricType.INT32, problems);
        String message = (String) first(payload, MESSAGE, MetricType.STRING, problems);
        return new Notification(sequence, topic, levels[1], levels[2], levels[3], levels[5],
                List.of(levels).subList(6, levels.length), payload, op, resource, status, progress, message,
                problems, arrival);
    }

    private static @Nullable Object first(RawKuraPayload p, List<String> names, MetricType type,
            List<String> problems) {
        for (String n : names) {
            Metric m = p.get(n);
            if (m != null) {
                if (m.is(type)) {
                    return m.value();
                }
                problems.add(n + " is " + m.typeName() + ", not " + type);
                return null;
            }
        }
        return null;
    }

    /** @return the status as Kapua maps it: RUNNING, COMPLETED, FAILED, or {@code null} (ignored by Kapua) */
    public @Nullable OperationStatus kapuaStatus() {
        return OperationStatus.ofKura(status);
    }

    /** @return whether the status is {@code IN_PROGRESS} */
    public boolean isRunning() {
        return kapuaStatus() == OperationStatus.RUNNING;
    }

    /** @return whether the status is {@code COMPLETED} */
    public boolean isCompleted() {
        return kapuaStatus() == OperationStatus.COMPLETED;
    }

    /** @return whether the status is {@code FAILED} */
    public boolean isFailed() {
        return kapuaStatus() == OperationStatus.FAILED;
    }

    @Override
    public String toString() {
        return "Notification#" + sequence + "{" + appId + " " + String.join("/", topicResources) + " op="
                + operationId + " resource=" + resource + " status=" + status + " progress=" + progress
                + (message == null ? "" : " message=\"" + message + "\"")
                + (problems.isEmpty() ? "" : " problems=" + problems) + "}";
    }
}
