// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.api.UaSession;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.jspecify.annotations.Nullable;

import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * One connected Milo client and what belongs to it: its subscription and monitored items. A session is never
 * reconnected: when it is lost the driver closes it and a later attempt creates a new one, so nothing of an
 * old session can leak into the next.
 *
 * <p>The subscription fields are only touched by {@link MonitoredItems}' serial update chain.
 */
final class Session implements SessionActivityListener {

    final OpcUaClient client;
    private final BiConsumer<Session, DriverStatus> onLost;
    private final Set<Session> open;
    private volatile boolean promoted;
    private volatile boolean closing;
    private @Nullable CompletableFuture<Void> closed;

    /** The subscription carrying every monitored item, or {@code null} while nobody listens. */
    @Nullable
    UaSubscription subscription;
    /** Monitored items per registration. */
    final Map<Listeners.Registration, UaMonitoredItem> items = new HashMap<>();
    /** Registrations whose item the server refused in this session; retried by the next session only. */
    final Set<Listeners.Registration> refused = new HashSet<>();

    /**
     * @param client the client, not yet connected
     * @param onLost called (once the session is in use) when it stops working
     * @param open the driver's sessions that are not closed yet: this one is added now and removed when closed
     */
    Session(OpcUaClient client, BiConsumer<Session, DriverStatus> onLost, Set<Session> open) {
        this.client = client;
        this.onLost = onLost;
        this.open = open;
        open.add(this);
        client.addSessionActivityListener(this);
    }

    /** Marks the session as the driver's current one: from now on its loss is reported. */
    void promote() {
        promoted = true;
    }

    /** @return whether the session is in use and has not been lost or closed */
    boolean usable() {
        return promoted && !closing;
    }

    /**
     * Reports that this session cannot be used any more (a request answered with a session or connection
     * error). Ignored if the session is not current or already closing.
     *
     * @param why the reason
     */
    void lost(DriverStatus why) {
        if (usable()) {
            onLost.accept(this, why);
        }
    }

    @Override
    public void onSessionInactive(UaSession session) {
        lost(DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "connection to the server lost"));
    }

    /**
     * Disconnects the client (closes the OPC UA session and the socket), once.
     *
     * @return completes when the client is disconnected, successfully or not
     */
    synchronized CompletableFuture<Void> close() {
        if (closed == null) {
            closing = true;
            client.removeSessionActivityListener(this);
            CompletableFuture<Void> done = new CompletableFuture<>();
            done.whenComplete((v, ex) -> open.remove(this));
            try {
                client.disconnect().whenComplete((c, ex) -> done.complete(null));
            } catch (RuntimeException e) {
                done.complete(null);
            }
            closed = done;
        }
        return closed;
    }
}
