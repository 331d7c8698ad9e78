// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static io.weir.cloud.app.deploy.internal.DeployMetrics.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.weir.cloud.CloudPayload;
import io.weir.data.TypedValue;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentEvent.Status;

/**
 * One DEPLOY-V2 notification: the resource ({@code download}, {@code install}, {@code uninstall}) and its payload,
 * made from a deployment agent event with the metric names and types Kapua parses (kapua-protocol.md §3.3, §4.1).
 *
 * @param resource the last topic level of the notification
 * @param payload the metrics, in a stable order
 */
record DeployNotification(String resource, CloudPayload payload) {

    static final String DOWNLOAD = "download";
    static final String INSTALL = "install";
    static final String UNINSTALL = "uninstall";

    /**
     * Maps an agent event. Every download event becomes a notification; install and uninstall events only when
     * final (the protocol reports those as COMPLETED or FAILED only).
     *
     * @param event the agent's event
     * @param clientId this gateway's client id, sent as {@code client.id}
     * @param timestamp the payload timestamp
     * @return the notification, or empty for an event that is not notified
     */
    static Optional<DeployNotification> of(DeploymentEvent event, String clientId, long timestamp) {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        m.put(CLIENT_ID, TypedValue.ofString(clientId));
        m.put(JOB_ID, TypedValue.ofLong(event.jobId()));
        boolean failed = event.status() == Status.FAILED || event.status() == Status.CANCELLED;
        String resource;
        switch (event.operation()) {
            case DOWNLOAD:
                resource = DOWNLOAD;
                m.put(DOWNLOAD_SIZE, TypedValue.ofInteger(clampToInt(event.totalBytes())));
                m.put(DOWNLOAD_PROGRESS, TypedValue.ofInteger(event.progress()));
                m.put(DOWNLOAD_STATUS, TypedValue.ofString(event.status().name()));
                m.put(DOWNLOAD_INDEX, TypedValue.ofInteger(0));
                if (failed) {
                    m.put(DOWNLOAD_ERROR, TypedValue.ofString(errorMessage(event)));
                }
                break;
            case INSTALL:
                if (!event.status().isFinal()) {
                    return Optional.empty();
                }
                resource = INSTALL;
                m.put(INSTALL_STATUS, TypedValue.ofString(failed ? FAILED : COMPLETED));
                m.put(INSTALL_PROGRESS, TypedValue.ofInteger(failed ? 0 : 100));
                m.put(NAME, TypedValue.ofString(fileName(event)));
                if (failed) {
                    m.put(INSTALL_ERROR, TypedValue.ofString(errorMessage(event)));
                    m.put(ROLLED_BACK, TypedValue.ofBoolean(event.rolledBack()));
                }
                break;
            case UNINSTALL:
            default:
                if (!event.status().isFinal()) {
                    return Optional.empty();
                }
                resource = UNINSTALL;
                m.put(UNINSTALL_STATUS, TypedValue.ofString(failed ? FAILED : COMPLETED));
                m.put(UNINSTALL_PROGRESS, TypedValue.ofInteger(failed ? 0 : 100));
                m.put(NAME, TypedValue.ofString(event.packageName()));
                if (failed) {
                    m.put(UNINSTALL_ERROR, TypedValue.ofString(errorMessage(event)));
                }
                break;
        }
        if (failed && event.reason() != null) {
            m.put(ERROR_CODE, TypedValue.ofString(event.reason().name()));
        }
        return Optional.of(new DeployNotification(resource, new CloudPayload(timestamp, null, m, null)));
    }

    /** The file name Kura reports as {@code dp.name} of an install: {@code name_version.dp}. */
    static String fileName(DeploymentEvent event) {
        String file = event.fileName();
        if (file != null && !file.isEmpty()) {
            return file;
        }
        return event.packageVersion().isEmpty() ? event.packageName() + ".dp"
                : event.packageName() + "_" + event.packageVersion() + ".dp";
    }

    private static String errorMessage(DeploymentEvent event) {
        String message = event.message();
        if (message != null && !message.isBlank()) {
            return message;
        }
        return event.reason() == null ? event.status().name() : event.reason().name();
    }

    private static int clampToInt(long value) {
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(value, -1L);
    }
}
