// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;

/**
 * CONF-V1 (kapua-protocol.md §4.2): component configurations and snapshots as esf XML bodies.
 *
 * <p>Deliberate deviation from Kura: PUT and rollback are validated and applied before the reply, so the reply
 * tells the caller whether they worked (Kura replies 200 first and applies a second later).
 */
@Component(service = RequestHandler.class)
@RequestHandlerApp(ConfV1Handler.APP_ID)
public final class ConfV1Handler implements RequestHandler {

    /** The app id. */
    public static final String APP_ID = "CONF-V1";

    private static final Logger LOG = LoggerFactory.getLogger(ConfV1Handler.class);

    private final ConfigurationManager manager;

    /** @param manager the configuration operations */
    @Activate
    public ConfV1Handler(@Reference ConfigurationManager manager) {
        this.manager = manager;
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        try {
            byte[] body = route(request);
            return body == null ? Response.ok()
                    : Response.ok(new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of(), body));
        } catch (RequestFailure f) {
            LOG.warn("{} {} {} answered {}: {}", APP_ID, request.method(), request.resources(), f.code().code(),
                    f.getMessage());
            return Response.error(f.code(), f.getMessage());
        }
    }

    private byte @Nullable [] route(Request request) throws RequestFailure {
        List<String> res = request.resources();
        if (res.isEmpty()) {
            throw RequestFailure.badRequest("a resource is required: configurations, snapshots, snapshot or "
                    + "rollback");
        }
        if (res.size() > 2) {
            throw RequestFailure.badRequest("too many resources: " + res);
        }
        String arg = res.size() == 2 ? res.get(1) : null;
        RequestMethod m = request.method();
        switch (res.get(0)) {
            case "configurations":
                if (m == RequestMethod.GET) {
                    if (arg == null) {
                        return EsfXml.write(manager.configurations(true));
                    }
                    ComponentConfiguration c = manager.configuration(arg, true);
                    return EsfXml.write(c == null ? List.of() : List.of(c));
                } else if (m == RequestMethod.PUT) {
                    List<RequestedChange> changes = EsfXml.parse(request.payload().body());
                    if (arg != null) {
                        changes = changes.stream().filter(c -> c.pid().equals(arg)).toList();
                        if (changes.isEmpty()) {
                            throw RequestFailure.badRequest("the body has no configuration for pid '" + arg + "'");
                        }
                    } else if (changes.isEmpty()) {
                        throw RequestFailure.badRequest("the body has no esf:configuration");
                    }
                    manager.update(changes, true);
                    return null;
                }
                break;
            case "snapshots":
                if (m == RequestMethod.GET) {
                    return arg == null ? EsfXml.writeSnapshotIds(manager.snapshotIds())
                            : manager.snapshot(snapshotId(arg));
                }
                break;
            case "snapshot":
                if (m == RequestMethod.EXEC && arg == null) {
                    return EsfXml.writeSnapshotIds(List.of(manager.takeSnapshot()));
                }
                break;
            case "rollback":
                if (m == RequestMethod.EXEC) {
                    manager.rollback(arg == null ? null : snapshotId(arg));
                    return null;
                }
                break;
            default:
                throw RequestFailure.notFound("unknown resource '" + res.get(0) + "'");
        }
        throw RequestFailure.badRequest(m + " is not supported on " + String.join("/", res));
    }

    private static long snapshotId(String text) throws RequestFailure {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw RequestFailure.badRequest("'" + text + "' is not a snapshot id");
        }
    }
}
