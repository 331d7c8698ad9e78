// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;

/**
 * CONF-V1 and CONF-V2 against real Felix Config Admin, Metatype and SCR, calling the registered handlers
 * directly (the MQTT round trip is tested elsewhere).
 */
@ExtendWith(ServiceExtension.class)
class ConfAppsIT {

    private static final long TIMEOUT = 10_000;
    private static final String PID = SampleComponent.PID;
    private static final String FPID = SampleFactoryComponent.FACTORY_PID;

    @InjectService(filter = "(weir.cloud.request.handler.app=CONF-V1)", timeout = TIMEOUT)
    RequestHandler v1;

    @InjectService(filter = "(weir.cloud.request.handler.app=CONF-V2)", timeout = TIMEOUT)
    RequestHandler v2;

    @InjectService(timeout = TIMEOUT)
    ConfigurationAdmin configAdmin;

    /** Pure plumbing: the handlers here never notify. */
    private static final RequestContext CONTEXT = new RequestContext() {
        @Override
        public String accountName() {
            return "weir";
        }

        @Override
        public String clientId() {
            return "itest-gateway";
        }

        @Override
        public Promise<Long> publishNotification(String resource, CloudPayload payload) {
            return Promises.failed(new UnsupportedOperationException("no notifications in this test"));
        }
    };

    @BeforeEach
    void resetConfigurations() throws Exception {
        Configuration[] all = configAdmin.listConfigurations("(|(service.pid=" + PID + ")(service.factoryPid="
                + FPID + "))");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            c.delete();
        }
    }

    private static Response call(RequestHandler h, String app, RequestMethod m, String body, String... res) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return h.handle(new Request(app, m, List.of(res), new CloudPayload(0, null, Map.of(), bytes), "r-1",
                "itest-requester"), CONTEXT);
    }

    private Response v1(RequestMethod m, String body, String... res) {
        return call(v1, "CONF-V1", m, body, res);
    }

    private Response v2(RequestMethod m, String body, String... res) {
        return call(v2, "CONF-V2", m, body, res);
    }

    private static String body(Response r) {
        byte[] b = r.payload().body();
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    private Dictionary<String, Object> stored(String pid) throws Exception {
        Configuration[] cs = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return cs == null ? null : cs[0].getProperties();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String put(String pid, String... properties) {
        return "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\" "
                + "xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\"><esf:configuration pid=\"" + pid
                + "\"><esf:properties>" + String.join("", properties)
                + "</esf:properties></esf:configuration></esf:configurations>";
    }

    private static String prop(String name, String type, boolean encrypted, String... values) {
        StringBuilder b = new StringBuilder("<esf:property name=\"" + name + "\" array=\"" + (values.length != 1)
                + "\" encrypted=\"" + encrypted + "\" type=\"" + type + "\">");
        for (String v : values) {
            b.append("<esf:value>").append(v).append("</esf:value>");
        }
        return b.append("</esf:property>").toString();
    }

    private void setBaseline() throws Exception {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("threshold", 20);
        d.put("mode", "fast");
        d.put("apiKey", "original-key");
        d.put(".secret", "very-private");
        configAdmin.getConfiguration(PID, "?").update(d);
    }

    @Test
    void getShowsMetatypeDefinitionsAndDefaultsWithoutPrivateOrClearPasswords() throws Exception {
        Response r = v1(RequestMethod.GET, null, "configurations", PID);
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        String xml = body(r);
        assertThat(xml).contains("<esf:configuration pid=\"" + PID + "\">")
                .contains("<ocd:AD id=\"threshold\" name=\"Threshold\" type=\"Integer\" cardinality=\"0\" "
                        + "required=\"true\" default=\"10\" min=\"1\" max=\"100\"")
                .contains("<ocd:Option label=\"Slow\" value=\"slow\"/>")
                .contains("<esf:property name=\"threshold\" array=\"false\" encrypted=\"false\" type=\"Integer\">")
                .contains("<esf:value>10</esf:value>").contains("type=\"Password\"").doesNotContain(".secret");

        setBaseline();
        String all = body(v1(RequestMethod.GET, null, "configurations"));
        assertThat(all).contains("pid=\"" + PID + "\"").contains("pid=\"io.weir.cloud.app.conf\"")
                .contains("<esf:value>20</esf:value>").contains(b64("placeholder"))
                .doesNotContain("original-key").doesNotContain(b64("original-key")).doesNotContain("very-private");
        assertThat(body(v1(RequestMethod.GET, null, "configurations", "no.such.pid")))
                .doesNotContain("<esf:configuration ");
    }

    @Test
    void putAppliesSynchronouslyAndReadsBack() throws Exception {
        setBaseline();
        Response r = v1(RequestMethod.PUT, put(PID, prop("threshold", "Integer", false, "42"),
                prop("mode", "String", false, "slow"), prop("tags", "String", false, "x", "y", "z"),
                prop("apiKey", "Password", true, b64("new-key"))), "configurations");
        assertThat(r.code()).as(r.exceptionMessage()).isEqualTo(ResponseCode.OK);
        Dictionary<String, Object> d = stored(PID);
        assertThat(d.get("threshold")).isEqualTo(42);
        assertThat(d.get("mode")).isEqualTo("slow");
        assertThat((String[]) d.get("tags")).containsExactly("x", "y", "z");
        assertThat(d.get("apiKey")).isEqualTo("new-key");
        assertThat(d.get(".secret")).isEqualTo("very-private");
        String back = body(v1(RequestMethod.GET, null, "configurations", PID));
        assertThat(back).contains("<esf:value>42</esf:value>").contains("<esf:value>slow</esf:value>")
                .contains("<esf:value>z</esf:value>").doesNotContain("new-key").doesNotContain(b64("new-key"));
    }

    @Test
    void oneInvalidAttributeAmongValidOnesChangesNothing() throws Exception {
        setBaseline();
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("port", 1502);
        Configuration device = configAdmin.getFactoryConfiguration(FPID, "one", "?");
        device.update(d);

        Response r = v1(RequestMethod.PUT, put(PID, prop("threshold", "Integer", false, "50"),
                prop("mode", "String", false, "bogus")), "configurations");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).contains(PID).contains("'mode'");
        assertThat(stored(PID).get("threshold")).isEqualTo(20);

        Response range = v1(RequestMethod.PUT, put(PID, prop("threshold", "Integer", false, "500")),
                "configurations", PID);
        assertThat(range.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(range.exceptionMessage()).contains("'threshold'").contains("maximum");

        // two components: the valid first one is not applied either
        String json = "{\"configs\":[{\"pid\":\"" + PID + "\",\"properties\":{\"threshold\":{\"type\":\"INTEGER\","
                + "\"value\":33}}},{\"pid\":\"" + device.getPid() + "\",\"properties\":{\"port\":{\"type\":"
                + "\"INTEGER\",\"value\":70000}}}]}";
        Response two = v2(RequestMethod.PUT, json, "configurableComponents", "configurations", "_update");
        assertThat(two.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(body(two)).startsWith("{\"message\":").contains(device.getPid()).contains("'port'");
        assertThat(stored(PID).get("threshold")).isEqualTo(20);
        assertThat(stored(device.getPid()).get("port")).isEqualTo(1502);

        Response unknownType = v1(RequestMethod.PUT, put(PID, prop("extra", "Complex", false, "1")),
                "configurations");
        assertThat(unknownType.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        Response privateProp = v1(RequestMethod.PUT, put(PID, prop(".secret", "Password", false, "guess")),
                "configurations");
        assertThat(privateProp.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(stored(PID).get(".secret")).isEqualTo("very-private");
        assertThat(v1(RequestMethod.PUT, put("no.such.pid", prop("a", "String", false, "b")), "configurations")
                .code()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void passwordPlaceholderKeepsTheCurrentValueInBothApps() throws Exception {
        setBaseline();
        Response r = v1(RequestMethod.PUT, put(PID, prop("threshold", "Integer", false, "21"),
                prop("apiKey", "Password", true, b64("placeholder"))), "configurations");
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(stored(PID).get("apiKey")).isEqualTo("original-key");
        assertThat(stored(PID).get("threshold")).isEqualTo(21);

        String json = "{\"configs\":[{\"pid\":\"" + PID + "\",\"properties\":{\"apiKey\":{\"type\":\"PASSWORD\","
                + "\"value\":\"placeholder\"},\"threshold\":{\"type\":\"INTEGER\",\"value\":22}}}]}";
        assertThat(v2(RequestMethod.PUT, json, "configurableComponents", "configurations", "_update").code())
                .isEqualTo(ResponseCode.OK);
        assertThat(stored(PID).get("apiKey")).isEqualTo("original-key");
        assertThat(stored(PID).get("threshold")).isEqualTo(22);

        String out = body(v2(RequestMethod.POST, "{\"pids\":[\"" + PID + "\"]}", "configurableComponents",
                "configurations", "byPid"));
        assertThat(out).contains("\"apiKey\":{\"type\":\"PASSWORD\",\"value\":\"placeholder\"}")
                .contains("\"threshold\":{\"type\":\"INTEGER\",\"value\":22}").doesNotContain("original-key")
                .doesNotContain("very-private");
    }

    @Test
    void snapshotsAndRollback() throws Exception {
        setBaseline();
        Response taken = v1(RequestMethod.EXEC, null, "snapshot");
        assertThat(taken.code()).isEqualTo(ResponseCode.OK);
        String idXml = body(taken);
        String id = idXml.replaceAll("(?s).*<esf:snapshotIds>(\\d+)</esf:snapshotIds>.*", "$1");
        assertThat(id).matches("\\d+");
        assertThat(body(v1(RequestMethod.GET, null, "snapshots"))).contains("<esf:snapshotIds>" + id + "<");
        String snapshot = body(v1(RequestMethod.GET, null, "snapshots", id));
        assertThat(snapshot).contains("pid=\"" + PID + "\"").contains("<esf:value>20</esf:value>")
                .doesNotContain("original-key").doesNotContain(b64("original-key")).doesNotContain("<ocd:OCD");

        String change = "{\"configs\":[{\"pid\":\"" + PID + "\",\"properties\":{\"threshold\":{\"type\":"
                + "\"INTEGER\",\"value\":77},\"apiKey\":{\"type\":\"PASSWORD\",\"value\":\"rotated\"}}}]}";
        assertThat(v2(RequestMethod.PUT, change, "configurableComponents", "configurations", "_update").code())
                .isEqualTo(ResponseCode.OK);
        assertThat(stored(PID).get("threshold")).isEqualTo(77);
        String ids = body(v2(RequestMethod.GET, null, "snapshots"));
        assertThat(ids).startsWith("{\"ids\":[");
        assertThat(ids.split(",").length).as("a snapshot was taken after the update").isGreaterThan(1);

        Response rb = v1(RequestMethod.EXEC, null, "rollback", id);
        assertThat(rb.code()).as(rb.exceptionMessage()).isEqualTo(ResponseCode.OK);
        assertThat(stored(PID).get("threshold")).isEqualTo(20);
        assertThat(stored(PID).get("apiKey")).as("rollback keeps the current password").isEqualTo("rotated");

        assertThat(v1(RequestMethod.EXEC, null, "rollback", "12345").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(v1(RequestMethod.GET, null, "snapshots", "12345").code()).isEqualTo(ResponseCode.NOT_FOUND);
        Response v2Missing = v2(RequestMethod.EXEC, "{\"id\":12345}", "snapshots", "byId", "_rollback");
        assertThat(v2Missing.code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(body(v2Missing)).contains("\"message\"");

        String byId = body(v2(RequestMethod.POST, "{\"id\":" + id + "}", "snapshots", "byId"));
        assertThat(byId).contains("\"pid\":\"" + PID + "\"").contains("\"threshold\":{\"type\":\"INTEGER\","
                + "\"value\":20}");
        Response write = v2(RequestMethod.EXEC, null, "snapshots", "_write");
        assertThat(body(write)).matches("\\{\"id\":\\d+\\}");
    }

    @Test
    void factoryComponentsAreCreatedListedAndDeleted() throws Exception {
        assertThat(body(v2(RequestMethod.GET, null, "factoryComponents"))).contains("\"" + FPID + "\"");
        assertThat(body(v2(RequestMethod.GET, null, "factoryComponents", "ocd"))).contains("\"pid\":\"" + FPID
                + "\"").contains("\"id\":\"port\"");
        String create = "{\"configs\":[{\"factoryPid\":\"" + FPID + "\",\"pid\":\"plc1\",\"properties\":{\"port\":"
                + "{\"type\":\"INTEGER\",\"value\":1502}}}],\"takeSnapshot\":false}";
        Response created = v2(RequestMethod.POST, create, "factoryComponents");
        assertThat(created.code()).as(body(created)).isEqualTo(ResponseCode.OK);
        assertThat(stored(FPID + "~plc1").get("port")).isEqualTo(1502);
        assertThat(v2(RequestMethod.POST, create, "factoryComponents").code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(body(v2(RequestMethod.GET, null, "configurableComponents", "pidsWithFactory")))
                .contains("{\"pid\":\"" + FPID + "~plc1\",\"factoryPid\":\"" + FPID + "\"}");
        assertThat(body(v2(RequestMethod.GET, null, "configurableComponents"))).contains("\"" + FPID + "~plc1\"")
                .contains("\"" + PID + "\"");
        Response deleted = v2(RequestMethod.DEL, "{\"pids\":[\"plc1\"],\"takeSnapshot\":false}", "factoryComponents",
                "byPid");
        assertThat(deleted.code()).as(body(deleted)).isEqualTo(ResponseCode.OK);
        assertThat(stored(FPID + "~plc1")).isNull();
        assertThat(v2(RequestMethod.DEL, "{\"pids\":[\"" + PID + "\"]}", "factoryComponents", "byPid").code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void resourcesAreCheckedAsTheSpecSays() {
        assertThat(v1(RequestMethod.GET, null, "configurations", PID, "extra").code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(v1(RequestMethod.GET, null, "nonsense").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(v1(RequestMethod.PUT, "<not-xml", "configurations").code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(v1(RequestMethod.PUT, "", "configurations").code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(v2(RequestMethod.GET, null, "nonsense").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(v2(RequestMethod.DEL, null, "snapshots").code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(v2(RequestMethod.PUT, "{", "configurableComponents", "configurations", "_update").code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
    }
}
