// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import io.weir.cloud.Response;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * CONF-V2 (kapua-protocol.md §4.3): Kura's configuration v2 REST resources over MQTT, JSON bodies. Errors carry
 * {@code {"message":...}}. Updates, factory creations and deletions, and rollbacks are validated and applied
 * before the reply, all or nothing.
 */
@Component(service = RequestHandler.class)
@RequestHandlerApp(ConfV2Handler.APP_ID)
public final class ConfV2Handler implements RequestHandler {

    /** The app id. */
    public static final String APP_ID = "CONF-V2";

    private static final Logger LOG = LoggerFactory.getLogger(ConfV2Handler.class);
    private static final Set<String> PATHS = Set.of("snapshots", "factoryComponents", "factoryComponents/byPid",
            "factoryComponents/ocd", "factoryComponents/ocd/byFactoryPid", "configurableComponents",
            "configurableComponents/pidsWithFactory", "configurableComponents/configurations",
            "configurableComponents/configurations/byPid", "configurableComponents/configurations/byPid/_default",
            "configurableComponents/configurations/_update", "snapshots/byId", "snapshots/_write",
            "snapshots/_rollback", "snapshots/byId/_rollback");

    private final ConfigurationManager manager;

    /** @param manager the configuration operations */
    @Activate
    public ConfV2Handler(@Reference ConfigurationManager manager) {
        this.manager = manager;
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        try {
            JsonValue out = route(request);
            return out == null ? Response.ok() : Response.ok(payload(out));
        } catch (RequestFailure f) {
            LOG.warn("{} {} {} answered {}: {}", APP_ID, request.method(), request.resources(), f.code().code(),
                    f.getMessage());
            return new Response(f.code(), payload(ConfJson.message(f.getMessage())), f.getMessage(), null);
        }
    }

    private static CloudPayload payload(JsonValue v) {
        return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of(), ConfJson.bytes(v));
    }

    private @Nullable JsonValue route(Request r) throws RequestFailure {
        String path = String.join("/", r.resources());
        switch (r.method() + " " + path) {
            case "GET snapshots":
                return Json.createObjectBuilder().add("ids", longs(manager.snapshotIds())).build();
            case "GET factoryComponents":
                return pids(new ArrayList<>(manager.factoryDefinitions().keySet()));
            case "POST factoryComponents": {
                JsonObject in = ConfJson.parse(r.payload().body());
                manager.createFactoryConfigurations(ConfJson.changes(in), ConfJson.takeSnapshot(in));
                return null;
            }
            case "DEL factoryComponents/byPid": {
                JsonObject in = ConfJson.parse(r.payload().body());
                manager.deleteFactoryConfigurations(ConfJson.pids(in), ConfJson.takeSnapshot(in));
                return null;
            }
            case "GET factoryComponents/ocd":
                return factoryOcds(null);
            case "POST factoryComponents/ocd/byFactoryPid":
                return factoryOcds(ConfJson.pids(ConfJson.parse(r.payload().body())));
            case "GET configurableComponents":
                return pids(manager.configurations(false).stream().map(ComponentConfiguration::pid).toList());
            case "GET configurableComponents/pidsWithFactory": {
                JsonArrayBuilder a = Json.createArrayBuilder();
                for (ComponentConfiguration c : manager.configurations(false)) {
                    JsonObjectBuilder o = Json.createObjectBuilder().add("pid", c.pid());
                    if (c.factoryPid() != null) {
                        o.add("factoryPid", c.factoryPid());
                    }
                    a.add(o);
                }
                return Json.createObjectBuilder().add("components", a).build();
            }
            case "GET configurableComponents/configurations":
                return ConfJson.configurations(manager.configurations(true));
            case "POST configurableComponents/configurations/byPid": {
                List<ComponentConfiguration> found = new ArrayList<>();
                for (String pid : ConfJson.pids(ConfJson.parse(r.payload().body()))) {
                    ComponentConfiguration c = manager.configuration(pid, true);
                    if (c != null) {
                        found.add(c);
                    }
                }
                return ConfJson.configurations(found);
            }
            case "POST configurableComponents/configurations/byPid/_default": {
                List<ComponentConfiguration> found = new ArrayList<>();
                for (String pid : ConfJson.pids(ConfJson.parse(r.payload().body()))) {
                    ComponentConfiguration c = manager.defaultConfiguration(pid);
                    if (c != null) {
                        found.add(c);
                    }
                }
                return ConfJson.configurations(found);
            }
            case "PUT configurableComponents/configurations/_update": {
                JsonObject in = ConfJson.parse(r.payload().body());
                manager.update(ConfJson.changes(in), ConfJson.takeSnapshot(in));
                return null;
            }
            case "POST snapshots/byId", "GET snapshots/byId": {
                long id = ConfJson.id(ConfJson.parse(r.payload().body()));
                return ConfJson.configurations(snapshotConfigurations(manager.snapshot(id)));
            }
            case "EXEC snapshots/_write":
                return Json.createObjectBuilder().add("id", manager.takeSnapshot()).build();
            case "EXEC snapshots/_rollback":
                return Json.createObjectBuilder().add("id", manager.rollback(null)).build();
            case "EXEC snapshots/byId/_rollback":
                manager.rollback(ConfJson.id(ConfJson.parse(r.payload().body())));
                return null;
            default:
                if (PATHS.contains(path)) {
                    throw RequestFailure.badRequest(r.method() + " is not supported on " + path);
                }
                throw RequestFailure.notFound("unknown resource '" + path + "'");
        }
    }

    private JsonObject factoryOcds(@Nullable List<String> only) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        manager.factoryDefinitions().forEach((fp, def) -> {
            if (only == null || only.contains(fp)) {
                a.add(ConfJson.definitionOnly(fp, def));
            }
        });
        return Json.createObjectBuilder().add("configs", a).build();
    }

    private static JsonObject pids(List<String> pids) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        pids.forEach(a::add);
        return Json.createObjectBuilder().add("pids", a).build();
    }

    private static JsonArrayBuilder longs(List<Long> ids) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        ids.forEach(a::add);
        return a;
    }

    /** A snapshot's esf XML as configurations: each value in its stored type (text where it does not parse). */
    static List<ComponentConfiguration> snapshotConfigurations(byte[] xml) throws RequestFailure {
        List<ComponentConfiguration> out = new ArrayList<>();
        for (RequestedChange c : EsfXml.parse(xml)) {
            Map<String, Property> props = new LinkedHashMap<>();
            c.properties().forEach((name, v) -> {
                PropertyType type = PropertyType.fromName(v.type());
                List<String> texts = v.values();
                if (texts == null) {
                    return;
                }
                PropertyType t = type == null ? PropertyType.STRING : type;
                List<Object> values = new ArrayList<>();
                try {
                    for (String s : texts) {
                        values.add(t.parse(s));
                    }
                } catch (IllegalArgumentException e) {
                    t = PropertyType.STRING;
                    values = new ArrayList<>(texts);
                }
                if (v.array() || values.size() == 1) {
                    props.put(name, new Property(t, v.array(), values).masked());
                }
            });
            out.add(new ComponentConfiguration(c.pid(), c.factoryPid(), null, props));
        }
        return out;
    }
}
