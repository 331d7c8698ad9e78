// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscriptionManager;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * Keeps the monitored items of the current session equal to the listener registrations: one subscription per
 * session (created when the first channel is listened to, deleted when the last one goes), one monitored item
 * per registration. Every change runs as one step of a serial, asynchronous chain on the worker threads, so no
 * two updates interleave and no thread blocks on the server.
 *
 * <p>On a new session every registration gets a new item; when the session is lost every registration gets
 * one {@code COMMUNICATION_ERROR} result, and a failed reconnect attempt reports its reason the same way.
 */
final class MonitoredItems implements OpcUaConnection.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoredItems.class);

    private final DriverSettings settings;
    private final DriverThreads threads;
    private final Listeners listeners;
    private final Object lock = new Object();
    private volatile @Nullable Session session;
    // guarded by lock
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean pending;

    MonitoredItems(DriverSettings settings, DriverThreads threads, Listeners listeners) {
        this.settings = settings;
        this.threads = threads;
        this.listeners = listeners;
    }

    /** Schedules an update of the items to the registrations; coalesces with one that has not started yet. */
    void update() {
        synchronized (lock) {
            if (pending) {
                return;
            }
            pending = true;
            tail = tail.thenComposeAsync(v -> {
                synchronized (lock) {
                    pending = false;
                }
                return sync();
            }, threads.worker).exceptionally(ex -> {
                if (!(ex.getCause() instanceof RejectedExecutionException)) {
                    LOG.warn("OPC UA driver {}: updating the subscription failed", settings.name(), ex);
                }
                return null;
            });
        }
    }

    @Override
    public void up(Session s) {
        session = s;
        s.client.getSubscriptionManager().addSubscriptionListener(new UaSubscriptionManager.SubscriptionListener() {
            @Override
            public void onSubscriptionWatchdogTimerElapsed(UaSubscription subscription) {
                s.lost(DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                        "no publish responses from the server (subscription watchdog)"));
            }

            @Override
            public void onStatusChanged(UaSubscription subscription,
                    org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode status) {
                LOG.info("OPC UA driver {}: subscription status {}; recreating it", settings.name(),
                        OpcUaStatus.name(status));
                forget(s, subscription);
            }
        });
        update();
    }

    @Override
    public void down(Session s, DriverStatus why) {
        if (session == s) {
            session = null;
        }
        long now = System.currentTimeMillis();
        listeners.snapshot().forEach(r -> listeners.deliverError(r, why, now));
    }

    @Override
    public void attemptFailed(DriverStatus why) {
        long now = System.currentTimeMillis();
        listeners.snapshot().forEach(r -> listeners.deliverError(r, why, now));
    }

    @Override
    public boolean wantsConnection() {
        return !listeners.isEmpty();
    }

    /** The server dropped the subscription: the next update creates a new one with new items. */
    private void forget(Session s, UaSubscription subscription) {
        synchronized (lock) {
            tail = tail.thenRun(() -> {
                if (s.subscription == subscription) {
                    s.subscription = null;
                    s.items.clear();
                }
            });
            pending = false; // an update queued before this step must not stand in for the one after it
        }
        update();
    }

    private CompletableFuture<Void> sync() {
        Session s = session;
        if (s == null || !s.usable()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<Listeners.Registration> wanted = new HashSet<>(listeners.snapshot());
        List<UaMonitoredItem> stale = new ArrayList<>();
        s.items.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                stale.add(e.getValue());
                return true;
            }
            return false;
        });
        s.refused.retainAll(wanted);
        List<Listeners.Registration> missing = new ArrayList<>();
        for (Listeners.Registration r : wanted) {
            if (!s.items.containsKey(r) && !s.refused.contains(r)) {
                missing.add(r);
            }
        }
        CompletableFuture<Void> step = CompletableFuture.completedFuture(null);
        if (!stale.isEmpty() && s.subscription != null) {
            UaSubscription sub = s.subscription;
            step = step.thenCompose(v -> sub.deleteMonitoredItems(stale)).thenApply(x -> null);
        }
        if (wanted.isEmpty()) {
            if (s.subscription != null) {
                UaSubscription sub = s.subscription;
                s.subscription = null;
                step = step.thenCompose(v -> s.client.getSubscriptionManager()
                        .deleteSubscription(sub.getSubscriptionId())).thenApply(x -> null);
            }
        } else if (!missing.isEmpty()) {
            step = step.thenCompose(v -> subscription(s)).thenCompose(sub -> create(s, sub, missing));
        }
        return step.exceptionally(ex -> {
            DriverStatus status = OpcUaStatus.of(ex, "subscribe");
            if (OpcUaStatus.sessionLost(ex)) {
                s.lost(status);
            } else {
                LOG.warn("OPC UA driver {}: {}", settings.name(), status.message());
                long now = System.currentTimeMillis();
                missing.forEach(r -> listeners.deliverError(r, status, now));
            }
            return null;
        });
    }

    private CompletableFuture<UaSubscription> subscription(Session s) {
        if (s.subscription != null) {
            return CompletableFuture.completedFuture(s.subscription);
        }
        return s.client.getSubscriptionManager().createSubscription((double) settings.publishingIntervalMs())
                .thenApply(sub -> {
                    s.subscription = sub;
                    return sub;
                });
    }

    private CompletableFuture<Void> create(Session s, UaSubscription sub, List<Listeners.Registration> missing) {
        List<Listeners.Registration> requested = new ArrayList<>();
        List<MonitoredItemCreateRequest> requests = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Listeners.Registration r : missing) {
            Optional<NodeId> node = r.settings.resolve(s.client.getNamespaceTable());
            if (node.isEmpty()) {
                s.refused.add(r);
                listeners.deliverError(r, OpcUaStatus.of(new UaException(StatusCodes.Bad_NodeIdUnknown,
                        "namespace of " + r.settings.nodeId().toParseableString() + " unknown to the server"),
                        "subscribe"), now);
                continue;
            }
            requested.add(r);
            requests.add(new MonitoredItemCreateRequest(
                    new ReadValueId(node.get(), r.settings.attribute().uid(), null, QualifiedName.NULL_VALUE),
                    MonitoringMode.Reporting,
                    new MonitoringParameters(sub.nextClientHandle(), r.settings.samplingIntervalMs(), null,
                            uint(queueSize(r.settings.samplingIntervalMs())), true)));
        }
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return sub.createMonitoredItems(TimestampsToReturn.Both, requests,
                (item, i) -> {
                    Listeners.Registration r = requested.get(i);
                    item.setValueConsumer((it, value) -> listeners.deliver(r,
                            ValueMapper.toResult(r.channel, value, System.currentTimeMillis())));
                }).thenAccept(items -> {
                    for (int i = 0; i < items.size(); i++) {
                        Listeners.Registration r = requested.get(i);
                        org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode code = items.get(i).getStatusCode();
                        if (code.isGood()) {
                            s.items.put(r, items.get(i));
                        } else {
                            s.refused.add(r);
                            listeners.deliverError(r, OpcUaStatus.of(code, "subscribe"), System.currentTimeMillis());
                        }
                    }
                });
    }

    /**
     * @param samplingMs the requested sampling interval (-1: the publishing interval)
     * @return a server-side queue large enough to keep every sample of one publishing interval, at most 100
     */
    private long queueSize(double samplingMs) {
        if (samplingMs < 0) {
            return 1;
        }
        if (samplingMs == 0) {
            return 100;
        }
        return Math.max(1, Math.min(100, (long) Math.ceil(settings.publishingIntervalMs() / samplingMs)));
    }
}
