// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.List;
import java.util.Map;

/** Definitions and targets for the unit tests; the validator mimics Felix Metatype's min/max/options checks. */
final class Fixtures {

    static final String PID = "test.pid";

    private Fixtures() {
    }

    static Definition.Attribute threshold() {
        return new Definition.Attribute("threshold", "Threshold", "a number", PropertyType.INTEGER, 0, true,
                new String[] { "10" }, "1", "100", List.of(), v -> {
                    int i = Integer.parseInt(v);
                    return i < 1 ? "%less than minimum" : i > 100 ? "%greater than maximum" : "";
                });
    }

    static Definition.Attribute mode() {
        return new Definition.Attribute("mode", "Mode", null, PropertyType.STRING, 0, true, new String[] { "fast" },
                null, null, List.of(new Definition.Option("Fast", "fast"), new Definition.Option("Slow", "slow")),
                v -> v.equals("fast") || v.equals("slow") ? "" : "%not a valid option");
    }

    static Definition.Attribute tags() {
        return new Definition.Attribute("tags", "Tags", null, PropertyType.STRING, 3, false,
                new String[] { "a", "b" }, null, null, List.of(), v -> null);
    }

    static Definition.Attribute apiKey() {
        return new Definition.Attribute("apiKey", "API key", null, PropertyType.PASSWORD, 0, false, null, null, null,
                List.of(), v -> "");
    }

    static Definition definition() {
        return new Definition(PID, "Test", "desc", List.of(threshold(), mode(), tags(), apiKey()));
    }

    static ConfigTarget target(Map<String, Object> stored) {
        return new ConfigTarget(PID, null, definition(), stored);
    }

    static RequestedChange.Value scalar(String type, String value) {
        return new RequestedChange.Value(type, false, List.of(value));
    }
}
