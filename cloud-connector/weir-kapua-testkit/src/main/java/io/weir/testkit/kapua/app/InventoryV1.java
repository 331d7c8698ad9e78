// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.RawKuraPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * INVENTORY-V1 (spec §4.6): JSON lists of what is installed.
 *
 * <pre>{@code
 * InventoryV1 inv = Device.of(kapua, "acc", "gw-1").inventory();
 * assertThat(inv.bundles()).anyMatch(b -> b.name().equals("org.apache.felix.scr") && b.state().equals("ACTIVE"));
 * }</pre>
 */
public final class InventoryV1 {

    /** The app id. */
    public static final String APP_ID = "INVENTORY-V1";

    private final Device device;

    /** @param device the gateway */
    public InventoryV1(Device device) {
        this.device = device;
    }

    /**
     * An inventory entry or a system package.
     *
     * @param name the name
     * @param version the version
     * @param type {@code BUNDLE}, {@code DP}, {@code DEB}, ...
     */
    public record Item(String name, String version, String type) {
    }

    /**
     * A bundle.
     *
     * @param name the symbolic name
     * @param version the version
     * @param id the bundle id
     * @param state the state, such as {@code ACTIVE}
     * @param signed {@code signed} (false if absent)
     */
    public record Bundle(String name, String version, long id, String state, boolean signed) {
    }

    /**
     * A deployment package.
     *
     * @param name the name
     * @param version the version
     * @param signed {@code signed} (false if absent)
     * @param bundles its bundles
     */
    public record DeploymentPackage(String name, String version, boolean signed, List<Bundle> bundles) {
        /** Copies the list. */
        public DeploymentPackage {
            bundles = List.copyOf(bundles);
        }
    }

    /**
     * {@code GET/inventory}.
     *
     * @return {@code inventory}
     * @throws ManagementException if the code is not 200 or the body has another shape
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Item> inventory() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("inventory"), null);
        return Device.parse(r, "INVENTORY-V1 GET/inventory", b -> parseItems(b, "inventory"));
    }

    /**
     * {@code GET/systemPackages}.
     *
     * @return {@code systemPackages}
     * @throws ManagementException if the code is not 200 or the body has another shape
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Item> systemPackages() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("systemPackages"), null);
        return Device.parse(r, "INVENTORY-V1 GET/systemPackages", b -> parseItems(b, "systemPackages"));
    }

    /**
     * {@code GET/bundles}.
     *
     * @return {@code bundles}
     * @throws ManagementException if the code is not 200 or the body has another shape
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Bundle> bundles() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("bundles"), null);
        return Device.parse(r, "INVENTORY-V1 GET/bundles", InventoryV1::parseBundles);
    }

    /**
     * {@code GET/deploymentPackages}.
     *
     * @return {@code deploymentPackages}
     * @throws ManagementException if the code is not 200 or the body has another shape
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<DeploymentPackage> deploymentPackages() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("deploymentPackages"), null);
        return Device.parse(r, "INVENTORY-V1 GET/deploymentPackages", InventoryV1::parseDeploymentPackages);
    }

    /**
     * {@code EXEC/bundles/_start} with {@code {"name","version"?}}.
     *
     * @param name the symbolic name
     * @param version the version, or {@code null}
     * @return the reply (200; 404 if there is no such bundle)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply startBundle(String name, @Nullable String version)
            throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("bundles", "_start"), bundleRef(name, version));
    }

    /**
     * {@code EXEC/bundles/_stop} with {@code {"name","version"?}}.
     *
     * @param name the symbolic name
     * @param version the version, or {@code null}
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply stopBundle(String name, @Nullable String version)
            throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("bundles", "_stop"), bundleRef(name, version));
    }

    private static RawKuraPayload bundleRef(String name, @Nullable String version) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("name", name);
        if (version != null) {
            o.add("version", version);
        }
        return new RawKuraPayload().body(JsonBodies.bytes(o.build()));
    }

    /**
     * @param json a body {@code {key:[{"name","version","type"}]}}
     * @param key {@code inventory} or {@code systemPackages}
     * @return the items
     * @throws IllegalArgumentException if the body has another shape
     */
    public static List<Item> parseItems(byte[] json, String key) {
        JsonObject root = JsonBodies.object(JsonBodies.parse(json, key + " body"), key + " body");
        List<Item> out = new ArrayList<>();
        for (JsonObject o : JsonBodies.objects(JsonBodies.array(root, key, key + " body"), key + " entry")) {
            String what = key + " entry #" + (out.size() + 1);
            out.add(new Item(JsonBodies.string(o, "name", what), JsonBodies.string(o, "version", what),
                    JsonBodies.string(o, "type", what)));
        }
        return List.copyOf(out);
    }

    /**
     * @param json a body {@code {"bundles":[{"name","version","id","state","signed"}]}}
     * @return the bundles
     * @throws IllegalArgumentException if the body has another shape
     */
    public static List<Bundle> parseBundles(byte[] json) {
        JsonObject root = JsonBodies.object(JsonBodies.parse(json, "bundles body"), "bundles body");
        return bundles(JsonBodies.objects(JsonBodies.array(root, "bundles", "bundles body"), "bundle"), "bundle");
    }

    private static List<Bundle> bundles(List<JsonObject> objects, String what) {
        List<Bundle> out = new ArrayList<>();
        for (JsonObject o : objects) {
            String w = what + " #" + (out.size() + 1);
            out.add(new Bundle(JsonBodies.string(o, "name", w), JsonBodies.string(o, "version", w),
                    JsonBodies.integer(o, "id", w), JsonBodies.string(o, "state", w),
                    JsonBodies.bool(o, "signed", false, w)));
        }
        return List.copyOf(out);
    }

    /**
     * @param json a body {@code {"deploymentPackages":[{"name","version","signed","bundles":[...]}]}}
     * @return the packages
     * @throws IllegalArgumentException if the body has another shape
     */
    public static List<DeploymentPackage> parseDeploymentPackages(byte[] json) {
        JsonObject root = JsonBodies.object(JsonBodies.parse(json, "deploymentPackages body"),
                "deploymentPackages body");
        List<DeploymentPackage> out = new ArrayList<>();
        for (JsonObject o : JsonBodies.objects(JsonBodies.array(root, "deploymentPackages",
                "deploymentPackages body"), "deployment package")) {
            String w = "deployment package #" + (out.size() + 1);
            List<Bundle> bundles = o.containsKey("bundles")
                    ? bundles(JsonBodies.objects(JsonBodies.array(o, "bundles", w), w + " bundle"), w + " bundle")
                    : List.of();
            out.add(new DeploymentPackage(JsonBodies.string(o, "name", w), JsonBodies.string(o, "version", w),
                    JsonBodies.bool(o, "signed", false, w), bundles));
        }
        return List.copyOf(out);
    }
}
