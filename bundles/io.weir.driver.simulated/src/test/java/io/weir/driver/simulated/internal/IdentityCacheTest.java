// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class IdentityCacheTest {

    @Test
    void keysAreComparedByIdentityNotEquality() {
        IdentityCache<String, Integer> cache = new IdentityCache<>(16);
        String a = new String("key");
        String b = new String("key");
        AtomicInteger computed = new AtomicInteger();
        assertThat(cache.computeIfAbsent(a, k -> computed.incrementAndGet())).isEqualTo(1);
        assertThat(cache.computeIfAbsent(a, k -> computed.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get(b)).isNull();
        assertThat(cache.computeIfAbsent(b, k -> computed.incrementAndGet())).isEqualTo(2);
        assertThat(cache.get(a)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void startsOverWhenHalfFullSoItNeverGrows() {
        IdentityCache<Object, Object> cache = new IdentityCache<>(16);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Object key = new Object();
            keys.add(key);
            assertThat(cache.computeIfAbsent(key, k -> "v")).isEqualTo("v");
            assertThat(cache.size()).isLessThanOrEqualTo(8);
        }
        // the most recent key is still there (unless its neighbourhood was full)
        Object last = keys.get(keys.size() - 1);
        assertThat(cache.get(last)).isIn("v", null);
    }

    @Test
    void rejectsBadCapacities() {
        assertThatThrownBy(() -> new IdentityCache<>(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentityCache<>(100)).isInstanceOf(IllegalArgumentException.class);
    }
}
