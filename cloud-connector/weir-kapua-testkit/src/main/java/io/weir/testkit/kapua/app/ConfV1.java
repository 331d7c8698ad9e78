// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.RawKuraPayload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * CONF-V1 (spec §4.2): component configurations and snapshots as esf XML. Reading is namespace-aware, like Kapua's
 * JAXB: the root must be {@code configurations} in {@value #ESF}; elements in other namespaces are ignored, as JAXB
 * ignores unknown elements. Writing uses the literal {@code esf:} prefix and only {@code esf:properties} (no OCD),
 * because Kura's own reader matches the literal tag {@code esf:configuration} and treats every child as the
 * property container.
 *
 * <pre>{@code
 * ConfV1 conf = Device.of(kapua, "acc", "gw-1").conf();
 * ConfV1.Configuration c = conf.getConfigurations("org.example.Pid").get(0);
 * assertThat(c.property("port").orElseThrow().value()).isEqualTo("502");
 * conf.putConfiguration("org.example.Pid", List.of(ConfV1.Property.scalar("port", "Integer", "503")));
 * }</pre>
 */
public final class ConfV1 {

    /** The app id. */
    public static final String APP_ID = "CONF-V1";
    /** The esf namespace. */
    public static final String ESF = "http://eurotech.com/esf/2.0";
    /** The metatype namespace of the OCD. */
    public static final String OCD = "http://www.osgi.org/xmlns/metatype/v1.2.0";

    private final Device device;

    /** @param device the gateway */
    public ConfV1(Device device) {
        this.device = device;
    }

    /**
     * One component's configuration.
     *
     * @param pid the pid
     * @param definition the OCD (GET only), or {@code null}
     * @param properties the properties, in document order
     */
    public record Configuration(String pid, @Nullable Ocd definition, List<Property> properties) {
        /** Copies the list. */
        public Configuration {
            Objects.requireNonNull(pid, "pid");
            properties = List.copyOf(properties);
        }

        /**
         * @param name a property name
         * @return the (last) property of that name
         */
        public Optional<Property> property(String name) {
            Property found = null;
            for (Property p : properties) {
                if (p.name().equals(name)) {
                    found = p;
                }
            }
            return Optional.ofNullable(found);
        }
    }

    /**
     * An {@code esf:property}.
     *
     * @param name the name
     * @param type {@code String}, {@code Long}, {@code Double}, {@code Float}, {@code Integer}, {@code Byte},
     *     {@code Char}, {@code Boolean}, {@code Short} or {@code Password} (not checked: tests may send others)
     * @param array the {@code array} attribute
     * @param encrypted the {@code encrypted} attribute
     * @param values the {@code esf:value} texts (one for a scalar)
     */
    public record Property(String name, String type, boolean array, boolean encrypted, List<String> values) {
        /** Copies the list. */
        public Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            values = List.copyOf(values);
        }

        /**
         * @param name the name
         * @param type the type
         * @param value the value text
         * @return a scalar, not encrypted
         */
        public static Property scalar(String name, String type, String value) {
            return new Property(name, type, false, false, List.of(value));
        }

        /**
         * @param name the name
         * @param type the type
         * @param values the element texts
         * @return an array, not encrypted
         */
        public static Property array(String name, String type, String... values) {
            return new Property(name, type, true, false, List.of(values));
        }

        /**
         * @param name the name
         * @param plaintext the password
         * @return a {@code Password} scalar as Kapua writes it: Base64 of the UTF-8 text, {@code encrypted="true"}
         */
        public static Property password(String name, String plaintext) {
            return new Property(name, "Password", false, true,
                    List.of(Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8))));
        }

        /**
         * @return the only value
         * @throws IllegalStateException if there is not exactly one
         */
        public String value() {
            if (values.size() != 1) {
                throw new IllegalStateException("property " + name + " has " + values.size() + " values");
            }
            return values.get(0);
        }
    }

    /**
     * An {@code ocd:OCD}.
     *
     * @param id the id
     * @param name the name, or {@code null}
     * @param description the description, or {@code null}
     * @param attributes the {@code ocd:AD}s
     * @param icons the {@code ocd:Icon}s
     */
    public record Ocd(String id, @Nullable String name, @Nullable String description, List<Ad> attributes,
            List<Icon> icons) {
        /** Copies the lists. */
        public Ocd {
            attributes = List.copyOf(attributes);
            icons = List.copyOf(icons);
        }

        /**
         * @param id an AD id
         * @return that attribute definition
         */
        public Optional<Ad> attribute(String id) {
            return attributes.stream().filter(a -> a.id().equals(id)).findFirst();
        }
    }

    /**
     * An {@code ocd:AD}.
     *
     * @param id the id
     * @param name the name, or {@code null}
     * @param type the type
     * @param cardinality the cardinality (0 if absent)
     * @param required {@code required} ({@code true} if absent, the metatype default)
     * @param defaultValue {@code default}, or {@code null}
     * @param description the description, or {@code null}
     * @param min {@code min}, or {@code null}
     * @param max {@code max}, or {@code null}
     * @param options the {@code ocd:Option}s
     */
    public record Ad(String id, @Nullable String name, String type, int cardinality, boolean required,
            @Nullable String defaultValue, @Nullable String description, @Nullable String min, @Nullable String max,
            List<Option> options) {
        /** Copies the list. */
        public Ad {
            options = List.copyOf(options);
        }
    }

    /**
     * An {@code ocd:Option}.
     *
     * @param label the label
     * @param value the value
     */
    public record Option(String label, String value) {
    }

    /**
     * An {@code ocd:Icon}.
     *
     * @param resource the resource
     * @param size the size, or {@code null}
     */
    public record Icon(String resource, @Nullable Integer size) {
    }

    // ---------------------------------------------------------------------------------------------- requests

    /**
     * {@code GET/configurations}, or {@code GET/configurations/{pid}}.
     *
     * @param pid a pid, or {@code null} for all components
     * @return the configurations (empty for an unknown pid)
     * @throws ManagementException if the code is not 200 or the body is not configurations XML
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Configuration> getConfigurations(@Nullable String pid)
            throws NoReplyException, MqttException, InterruptedException {
        List<String> res = pid == null ? List.of("configurations") : List.of("configurations", pid);
        Reply r = device.requestOk(APP_ID, "GET", res, null);
        return Device.parse(r, Device.describe(APP_ID, "GET", res), ConfV1::parseConfigurations);
    }

    /**
     * {@code GET/configurations}.
     *
     * @return all configurations
     * @throws ManagementException if the code is not 200 or the body is not configurations XML
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Configuration> getConfigurations() throws NoReplyException, MqttException, InterruptedException {
        return getConfigurations(null);
    }

    /**
     * {@code PUT/configurations/{pid}} with one {@code esf:configuration} holding only these properties.
     *
     * @param pid the pid
     * @param properties the properties
     * @return the reply (200 at once; the gateway applies it later)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply putConfiguration(String pid, List<Property> properties)
            throws NoReplyException, MqttException, InterruptedException {
        byte[] body = writeConfigurations(List.of(new Configuration(pid, null, properties)));
        return device.request(APP_ID, "PUT", List.of("configurations", pid), new RawKuraPayload().body(body));
    }

    /**
     * {@code PUT/configurations} with several components (their OCDs are not written).
     *
     * @param configurations the configurations
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply putConfigurations(List<Configuration> configurations)
            throws NoReplyException, MqttException, InterruptedException {
        return putBody(writeConfigurations(configurations));
    }

    /**
     * {@code PUT/configurations} with any body (for tests of malformed XML).
     *
     * @param body the body, {@code null} for none
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply putBody(byte @Nullable [] body) throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "PUT", List.of("configurations"), new RawKuraPayload().body(body));
    }

    /**
     * {@code GET/snapshots}.
     *
     * @return the snapshot ids, in document order
     * @throws ManagementException if the code is not 200 or the body is not a snapshot id list
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Long> snapshots() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("snapshots"), null);
        return Device.parse(r, "CONF-V1 GET/snapshots", ConfV1::parseSnapshotIds);
    }

    /**
     * {@code GET/snapshots/{id}}.
     *
     * @param id a snapshot id
     * @return the configurations stored in it
     * @throws ManagementException if the code is not 200 or the body is not configurations XML
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Configuration> snapshot(long id) throws NoReplyException, MqttException, InterruptedException {
        List<String> res = List.of("snapshots", Long.toString(id));
        Reply r = device.requestOk(APP_ID, "GET", res, null);
        return Device.parse(r, Device.describe(APP_ID, "GET", res), ConfV1::parseConfigurations);
    }

    /**
     * {@code EXEC/snapshot} (Kura has it; Kapua does not use it).
     *
     * @return the new snapshot's id
     * @throws ManagementException if the code is not 200 or the body is not a snapshot id list of one id
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public long takeSnapshot() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "EXEC", List.of("snapshot"), null);
        List<Long> ids = Device.parse(r, "CONF-V1 EXEC/snapshot", ConfV1::parseSnapshotIds);
        if (ids.size() != 1) {
            throw new ManagementException("CONF-V1 EXEC/snapshot: expected one id, got " + ids, r, null);
        }
        return ids.get(0);
    }

    /**
     * {@code EXEC/rollback/{id}}.
     *
     * @param id the snapshot id
     * @return the reply (200 at once; the gateway applies it later)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply rollback(long id) throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("rollback", Long.toString(id)), null);
    }

    /**
     * {@code EXEC/rollback}: to the latest snapshot.
     *
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply rollback() throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("rollback"), null);
    }

    // ---------------------------------------------------------------------------------------------- XML

    /**
     * Parses configurations XML (GET/configurations, GET/snapshots/{id}) namespace-aware: {@code
     * esf:configurations} / {@code esf:configuration pid} / optional {@code ocd:OCD} and {@code esf:properties} /
     * {@code esf:property name type array encrypted} / {@code esf:value}.
     *
     * @param xml the body
     * @return the configurations, in document order
     * @throws IllegalArgumentException if the body is not such a document or lacks a required attribute
     */
    public static List<Configuration> parseConfigurations(byte[] xml) {
        Element root = Xml.root(Xml.parse(xml, "configurations body"), ESF, "configurations", "configurations body");
        List<Configuration> out = new ArrayList<>();
        for (Element c : Xml.children(root, ESF, "configuration")) {
            String pid = Xml.attr(c, "pid");
            String what = "configuration #" + (out.size() + 1);
            if (pid == null) {
                throw new IllegalArgumentException(what + " has no pid attribute");
            }
            what += " (" + pid + ")";
            Ocd ocd = null;
            for (Element o : Xml.children(c, OCD, "OCD")) {
                ocd = parseOcd(o, what);
            }
            List<Property> props = new ArrayList<>();
            List<Element> containers = Xml.children(c, ESF, "properties");
            if (!containers.isEmpty()) {
                for (Element p : Xml.children(containers.get(containers.size() - 1), ESF, "property")) {
                    props.add(parseProperty(p, what + " property #" + (props.size() + 1)));
                }
            }
            out.add(new Configuration(pid, ocd, props));
        }
        return List.copyOf(out);
    }

    private static Property parseProperty(Element p, String what) {
        String name = required(p, "name", what);
        String type = required(p, "type", what + " (" + name + ")");
        List<String> values = new ArrayList<>();
        for (Element v : Xml.children(p, ESF, "value")) {
            values.add(v.getTextContent());
        }
        return new Property(name, type, bool(p, "array", false, what), bool(p, "encrypted", false, what), values);
    }

    private static Ocd parseOcd(Element o, String what) {
        String ocdWhat = what + " OCD";
        List<Ad> ads = new ArrayList<>();
        for (Element a : Xml.children(o, OCD, "AD")) {
            String adWhat = ocdWhat + " AD #" + (ads.size() + 1);
            List<Option> options = new ArrayList<>();
            for (Element op : Xml.children(a, OCD, "Option")) {
                options.add(new Option(required(op, "label", adWhat + " Option"),
                        required(op, "value", adWhat + " Option")));
            }
            String card = Xml.attr(a, "cardinality");
            int cardinality;
            try {
                cardinality = card == null ? 0 : Integer.parseInt(card.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(adWhat + " has a non-numeric cardinality '" + card + "'", e);
            }
            ads.add(new Ad(required(a, "id", adWhat), Xml.attr(a, "name"), required(a, "type", adWhat), cardinality,
                    bool(a, "required", true, adWhat), Xml.attr(a, "default"), Xml.attr(a, "description"),
                    Xml.attr(a, "min"), Xml.attr(a, "max"), options));
        }
        List<Icon> icons = new ArrayList<>();
        for (Element i : Xml.children(o, OCD, "Icon")) {
            String size = Xml.attr(i, "size");
            try {
                icons.add(new Icon(required(i, "resource", ocdWhat + " Icon"),
                        size == null ? null : Integer.valueOf(size.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ocdWhat + " Icon has a non-numeric size '" + size + "'", e);
            }
        }
        return new Ocd(required(o, "id", ocdWhat), Xml.attr(o, "name"), Xml.attr(o, "description"), ads, icons);
    }

    private static String required(Element e, String attr, String what) {
        String v = Xml.attr(e, attr);
        if (v == null) {
            throw new IllegalArgumentException(what + " has no " + attr + " attribute");
        }
        return v;
    }

    private static boolean bool(Element e, String attr, boolean dflt, String what) {
        String v = Xml.attr(e, attr);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(what + ": " + attr + "='" + v + "' is not an xs:boolean");
        };
    }

    /**
     * Writes configurations as a manager must for Kura (literal {@code esf:} prefix, both namespace declarations,
     * only {@code esf:properties}; OCDs are left out).
     *
     * @param configurations the configurations
     * @return UTF-8 XML
     */
    public static byte[] writeConfigurations(List<Configuration> configurations) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.append("<esf:configurations xmlns:esf=\"").append(ESF).append("\" xmlns:ocd=\"").append(OCD)
                .append("\">\n");
        for (Configuration c : configurations) {
            sb.append("  <esf:configuration pid=\"").append(Xml.escape(c.pid())).append("\">\n");
            sb.append("    <esf:properties>\n");
            for (Property p : c.properties()) {
                sb.append("      <esf:property name=\"").append(Xml.escape(p.name())).append("\" array=\"")
                        .append(p.array()).append("\" encrypted=\"").append(p.encrypted()).append("\" type=\"")
                        .append(Xml.escape(p.type())).append("\">\n");
                for (String v : p.values()) {
                    sb.append("        <esf:value>").append(Xml.escape(v)).append("</esf:value>\n");
                }
                sb.append("      </esf:property>\n");
            }
            sb.append("    </esf:properties>\n");
            sb.append("  </esf:configuration>\n");
        }
        sb.append("</esf:configurations>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a snapshot id list: {@code esf:snapshot-ids} with one {@code esf:snapshotIds} (decimal) per id.
     *
     * @param xml the body
     * @return the ids, in document order
     * @throws IllegalArgumentException if the body is not such a document
     */
    public static List<Long> parseSnapshotIds(byte[] xml) {
        Element root = Xml.root(Xml.parse(xml, "snapshot ids body"), ESF, "snapshot-ids", "snapshot ids body");
        List<Long> ids = new ArrayList<>();
        for (Element e : Xml.children(root, ESF, "snapshotIds")) {
            String t = e.getTextContent().trim();
            try {
                ids.add(Long.parseLong(t));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("snapshot id '" + t + "' is not a decimal number", ex);
            }
        }
        return List.copyOf(ids);
    }
}
