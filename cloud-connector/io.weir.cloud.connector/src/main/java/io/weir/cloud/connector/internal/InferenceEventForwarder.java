// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.QoS;
import io.weir.data.TypedValue;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the gateway's inference events to the cloud as data messages, so that the fleet can react (retrain on
 * drift, roll back a refused model):
 *
 * <table>
 * <caption>Event topics and the message topics they become</caption>
 * <tr><th>EventAdmin topic</th><th>Message topic ({@code {account}/{clientId}/…})</th></tr>
 * <tr><td>{@code io/weir/inference/DRIFT}</td><td>{@code W1/inference/drift}</td></tr>
 * <tr><td>{@code io/weir/inference/DRIFT_CLEARED}</td><td>{@code W1/inference/drift-cleared}</td></tr>
 * <tr><td>{@code io/weir/inference/model/ACTIVATED}</td><td>{@code W1/inference/model/activated}</td></tr>
 * <tr><td>{@code io/weir/inference/model/REFUSED}</td><td>{@code W1/inference/model/refused}</td></tr>
 * <tr><td>{@code io/weir/inference/model/UNLOADED}</td><td>{@code W1/inference/model/unloaded}</td></tr>
 * </table>
 *
 * <p>Each event property becomes a metric of the same name: String → STRING, Long → INT64, Integer → INT32,
 * Double → DOUBLE, Float → FLOAT, Boolean → BOOL; arrays become one STRING of comma-joined elements; anything
 * else its {@code toString()}. When the event has {@code features} and {@code values} (a drift event), each pair
 * also becomes a DOUBLE metric {@code value.<feature>}. The payload timestamp is the event's {@code timestamp}
 * property (epoch ms) when present. Messages go through the store and forward queue (QoS 1, priority 5 by
 * default), so they survive broker outages like telemetry.
 */
// event.topics as plain properties, not @EventTopics: that annotation adds a mandatory requirement for an EventAdmin
// implementation to the bundle, and the connector must resolve without EventAdmin (it is an optional feature here)
@Component(service = EventHandler.class, configurationPid = InferenceEventForwarder.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            EventConstants.EVENT_TOPIC + "=io/weir/inference/DRIFT",
            EventConstants.EVENT_TOPIC + "=io/weir/inference/DRIFT_CLEARED",
            EventConstants.EVENT_TOPIC + "=io/weir/inference/model/*" })
@Designate(ocd = InferenceEventForwarder.Config.class)
public final class InferenceEventForwarder implements EventHandler {

    static final String PID = "io.weir.cloud.events";
    private static final Logger LOG = LoggerFactory.getLogger(InferenceEventForwarder.class);
    private static final String PREFIX = "io/weir/inference/";

    @ObjectClassDefinition(name = "Weir cloud event forwarding",
            description = "Inference events (drift, model activated/refused/unloaded) sent to the cloud")
    @interface Config {
        @AttributeDefinition(name = "Enabled")
        boolean enabled() default true;

        @AttributeDefinition(name = "Topic prefix", description = "Application topic the event kinds are appended "
                + "to, below {account}/{clientId}")
        String topicPrefix() default "W1/inference";

        @AttributeDefinition(name = "QoS", min = "0", max = "2")
        int qos() default 1;

        @AttributeDefinition(name = "Priority", description = "0 (highest) to 9", min = "0", max = "9")
        int priority() default 5;
    }

    private final CloudPublisher publisher;
    private final boolean enabled;
    private final String prefix;
    private final QoS qos;
    private final int priority;
    private final AtomicLong failures = new AtomicLong();

    @Activate
    public InferenceEventForwarder(@Reference CloudPublisher publisher, Config config) {
        this.publisher = publisher;
        this.enabled = config.enabled();
        String p = config.topicPrefix().trim();
        // validates the prefix as a topic, with the message that names the problem
        new CloudMessage(p + "/x", CloudPayload.EMPTY, QoS.AT_MOST_ONCE, 0);
        this.prefix = p;
        try {
            this.qos = QoS.ofLevel(config.qos());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": qos: " + e.getMessage(), e);
        }
        if (config.priority() < CloudMessage.PRIORITY_HIGHEST || config.priority() > CloudMessage.PRIORITY_LOWEST) {
            throw new IllegalArgumentException(PID + ": priority must be 0 to 9, was " + config.priority());
        }
        this.priority = config.priority();
    }

    /** @return the message topic of an event topic, e.g. {@code W1/inference/model/refused} */
    String topic(String eventTopic) {
        String kind = eventTopic.startsWith(PREFIX) ? eventTopic.substring(PREFIX.length()) : eventTopic;
        return prefix + "/" + kind.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static CloudPayload payload(Event event) {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        long timestamp = System.currentTimeMillis();
        for (String name : event.getPropertyNames()) {
            if (name.equals("event.topics")) {
                continue;
            }
            Object v = event.getProperty(name);
            if (name.equals("timestamp") && v instanceof Number n) {
                timestamp = n.longValue();
            }
            metrics.put(name, metric(v));
        }
        Object features = event.getProperty("features");
        Object values = event.getProperty("values");
        if (features instanceof String[] f && values instanceof double[] d && f.length == d.length) {
            for (int i = 0; i < f.length; i++) {
                metrics.put("value." + f[i], TypedValue.ofDouble(d[i]));
            }
        }
        return new CloudPayload(timestamp, null, metrics, null);
    }

    private static TypedValue metric(Object v) {
        if (v instanceof String s) {
            return TypedValue.ofString(s);
        } else if (v instanceof Long l) {
            return TypedValue.ofLong(l);
        } else if (v instanceof Integer i) {
            return TypedValue.ofInteger(i);
        } else if (v instanceof Double d) {
            return TypedValue.ofDouble(d);
        } else if (v instanceof Float f) {
            return TypedValue.ofFloat(f);
        } else if (v instanceof Boolean b) {
            return TypedValue.ofBoolean(b);
        } else if (v != null && v.getClass().isArray()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Array.getLength(v); i++) {
                b.append(i == 0 ? "" : ",").append(Array.get(v, i));
            }
            return TypedValue.ofString(b.toString());
        }
        return TypedValue.ofString(String.valueOf(v));
    }

    @Override
    public void handleEvent(Event event) {
        if (!enabled) {
            return;
        }
        CloudMessage message;
        try {
            message = new CloudMessage(topic(event.getTopic()), payload(event), qos, priority);
        } catch (IllegalArgumentException e) {
            LOG.warn("inference event {} cannot become a cloud message: {}", event.getTopic(), e.getMessage());
            return;
        }
        publisher.publish(message).onFailure(e -> {
            long n = failures.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("inference event {} was not accepted for the cloud ({} so far): {}", event.getTopic(), n,
                        e.getMessage());
            }
        });
    }
}
