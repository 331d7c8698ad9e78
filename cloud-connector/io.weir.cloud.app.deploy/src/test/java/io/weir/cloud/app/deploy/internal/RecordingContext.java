// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.RequestContext;

/** A request context that records the notifications it is asked to send. */
final class RecordingContext implements RequestContext {

    record Sent(String resource, CloudPayload payload) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public String accountName() {
        return "acme";
    }

    @Override
    public String clientId() {
        return "gw-1";
    }

    @Override
    public Promise<Long> publishNotification(String resource, CloudPayload payload) {
        sent.add(new Sent(resource, payload));
        return Promises.resolved((long) sent.size());
    }
}
