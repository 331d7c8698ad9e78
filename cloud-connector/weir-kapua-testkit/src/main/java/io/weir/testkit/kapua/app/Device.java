// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * One gateway as the manager addresses it: a client, the account and the gateway's client id, and the reply
 * timeout. Hands out the typed management apps.
 *
 * <pre>{@code
 * Device gw = Device.of(kapua, "acc", "gw-1");
 * List<DeployV2.Bundle> bundles = gw.deploy().listBundles();
 * gw.conf().putConfiguration("org.example.Pid", List.of(ConfV1.Property.scalar("port", "Integer", "502")));
 * }</pre>
 *
 * @param kapua the manager client
 * @param account the Kapua account
 * @param clientId the gateway's MQTT client id
 * @param timeout how long each request waits for its reply
 */
public record Device(KapuaManagerClient kapua, String account, String clientId, Duration timeout) {

    /** Checks the components. */
    public Device {
        Objects.requireNonNull(kapua, "kapua");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * @param kapua the manager client
     * @param account the Kapua account
     * @param clientId the gateway's client id
     * @return the device, with Kapua's default timeout (30 s)
     */
    public static Device of(KapuaManagerClient kapua, String account, String clientId) {
        return new Device(kapua, account, clientId, KapuaManagerClient.DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout another reply timeout
     * @return a copy with that timeout
     */
    public Device withTimeout(Duration timeout) {
        return new Device(kapua, account, clientId, timeout);
    }

    /** @return the DEPLOY-V2 app */
    public DeployV2 deploy() {
        return new DeployV2(this);
    }

    /** @return the CONF-V1 app */
    public ConfV1 conf() {
        return new ConfV1(this);
    }

    /** @return the CONF-V2 app */
    public ConfV2 confV2() {
        return new ConfV2(this);
    }

    /** @return the CMD-V1 app */
    public CmdV1 cmd() {
        return new CmdV1(this);
    }

    /** @return the INVENTORY-V1 app */
    public InventoryV1 inventory() {
        return new InventoryV1(this);
    }

    /**
     * Sends a request and returns whatever reply arrives.
     *
     * @param appId the app id
     * @param method the method
     * @param resources the resource levels
     * @param args the payload, {@code null} for none
     * @return the reply
     * @throws NoReplyException if no reply arrives within the timeout
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply request(String appId, String method, List<String> resources, @Nullable RawKuraPayload args)
            throws NoReplyException, MqttException, InterruptedException {
        return kapua.request(account, clientId, appId, method, resources, args, timeout);
    }

    /**
     * Sends a request and insists on a 200 reply.
     *
     * @param appId the app id
     * @param method the method
     * @param resources the resource levels
     * @param args the payload, {@code null} for none
     * @return the reply, whose code is 200
     * @throws ManagementException if the code is not 200
     * @throws NoReplyException if no reply arrives within the timeout
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply requestOk(String appId, String method, List<String> resources, @Nullable RawKuraPayload args)
            throws NoReplyException, MqttException, InterruptedException {
        Reply r = request(appId, method, resources, args);
        if (!r.isOk()) {
            throw new ManagementException(describe(appId, method, resources) + " answered " + r.responseCode()
                    + (r.exceptionMessage() == null ? "" : ": " + r.exceptionMessage()), r, null);
        }
        return r;
    }

    static String describe(String appId, String method, List<String> resources) {
        return appId + " " + method + (resources.isEmpty() ? "" : "/" + String.join("/", resources));
    }

    /** Runs a body parser on a reply, turning a parse failure into a {@link ManagementException}. */
    static <T> T parse(Reply r, String what, BodyParser<T> parser) {
        byte[] body = r.payload().body();
        if (body == null) {
            throw new ManagementException(what + ": the reply has no body", r, null);
        }
        try {
            return parser.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ManagementException(what + ": " + e.getMessage(), r, e);
        }
    }

    /** Parses a reply body. */
    @FunctionalInterface
    interface BodyParser<T> {
        T parse(byte[] body);
    }
}
