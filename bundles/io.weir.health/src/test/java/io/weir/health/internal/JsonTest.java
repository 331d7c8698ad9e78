// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedStructuresInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(true, "x"));
        m.put("n", null);
        m.put("o", Map.of("k", 2.5));
        assertThat(Json.write(m)).isEqualTo("{\"b\":1,\"a\":[true,\"x\"],\"n\":null,\"o\":{\"k\":2.5}}");
        assertThat(Json.write(Arrays.asList())).isEqualTo("[]");
    }

    @Test
    void escapesControlCharactersQuotesAndBackslashes() {
        assertThat(Json.write("a\"b\\c\nd\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u2028\"");
    }
}
