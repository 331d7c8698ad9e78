// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.weir.cloud.CloudPayload;
import io.weir.data.TypedValue;

/** Builds request payloads metric by metric. */
final class Payloads {

    private final Map<String, TypedValue> metrics = new LinkedHashMap<>();

    static Payloads with() {
        return new Payloads();
    }

    /** The exact metric set Kapua 2.1 sends for EXEC/download with its defaults (kapua-protocol.md §4.1). */
    static Payloads kapuaDownload() {
        return with().put("job.id", TypedValue.ofLong(4711L))
                .put("dp.reboot", TypedValue.ofBoolean(false))
                .put("dp.reboot.delay", TypedValue.ofInteger(0))
                .put("dp.uri", TypedValue.ofString("http://repo.example.com/pkgs/demo_1.0.0.dp"))
                .put("dp.name", TypedValue.ofString("demo"))
                .put("dp.version", TypedValue.ofString("1.0.0"))
                .put("dp.install.system.update", TypedValue.ofBoolean(false))
                .put("dp.download.protocol", TypedValue.ofString("HTTP"))
                .put("dp.install", TypedValue.ofBoolean(true))
                .put("dp.download.force", TypedValue.ofBoolean(false))
                // Kapua's quirk: the notify-block-size default lands in the block size, no notify block size
                .put("dp.download.block.size", TypedValue.ofInteger(51200))
                .put("dp.download.block.delay", TypedValue.ofInteger(0))
                .put("dp.download.timeout", TypedValue.ofInteger(60000))
                .put("requester.client.id", TypedValue.ofString("KapuaPool-1-2"))
                .put("request.id", TypedValue.ofString("-123456789"));
    }

    Payloads put(String name, TypedValue value) {
        metrics.put(name, value);
        return this;
    }

    Payloads remove(String name) {
        metrics.remove(name);
        return this;
    }

    CloudPayload build() {
        return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, metrics, null);
    }

    CloudPayload build(byte[] body) {
        return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, metrics, body);
    }
}
