// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    private static String capture(byte[] data, int max) throws InterruptedException {
        OutputCapture c = new OutputCapture(new ByteArrayInputStream(data), max);
        c.run();
        assertThat(c.await(0)).isTrue();
        return c.text();
    }

    @Test
    void keepsTheHeadAndCountsTheRest() throws Exception {
        assertThat(capture("hello".getBytes(StandardCharsets.UTF_8), 5)).isEqualTo("hello");
        assertThat(capture("hello world".getBytes(StandardCharsets.UTF_8), 5))
                .isEqualTo("hello\n[truncated: 6 bytes dropped]");
    }

    @Test
    void decodesLenientlyAndNeverEndsOnHalfACharacter() throws Exception {
        // "é" is 2 bytes: a cap of 2 would split the second one
        assertThat(capture("aéé".getBytes(StandardCharsets.UTF_8), 4))
                .isEqualTo("aé\n[truncated: 2 bytes dropped]");
        assertThat(capture(new byte[] { 'a', (byte) 0xFF, 'b' }, 10)).isEqualTo("a\uFFFDb");
    }
}
