// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.RequestContext;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentListener;

/**
 * Turns the deployment agent's events for one request into DEPLOY-V2 notifications to that request's requester.
 * Runs on the agent's worker thread: it only maps and hands the payload to {@link
 * RequestContext#publishNotification}, which returns at once; it never blocks and never throws.
 *
 * <p>It keeps forwarding after the DEPLOY-V2 component is deactivated (for example by a configuration change): the
 * outcome of a job that was accepted is owed to its requester, and the notification channel belongs to the connector,
 * not to this component. If the connector is gone, the publication fails and is only logged.
 */
final class NotificationForwarder implements DeploymentListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationForwarder.class);

    private final RequestContext context;

    /** @param context the request's context, whose notification channel is used */
    NotificationForwarder(RequestContext context) {
        this.context = context;
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        if (event.status().isFinal()) {
            LOG.info("{} of {} {} (job {}) ended {}{}", event.operation(), event.packageName(),
                    event.packageVersion(), event.jobId(), event.status(),
                    event.reason() == null ? "" : ": " + event.reason() + " " + event.message());
        }
        publish(event);
    }

    void publish(DeploymentEvent event) {
        try {
            Optional<DeployNotification> n = DeployNotification.of(event, context.clientId(),
                    System.currentTimeMillis());
            n.ifPresent(x -> context.publishNotification(x.resource(), x.payload()).onFailure(
                    e -> LOG.debug("notification {} of job {} not sent: {}", x.resource(), event.jobId(),
                            e.toString())));
        } catch (RuntimeException e) {
            LOG.warn("cannot notify {} {} of job {}", event.operation(), event.status(), event.jobId(), e);
        }
    }
}
