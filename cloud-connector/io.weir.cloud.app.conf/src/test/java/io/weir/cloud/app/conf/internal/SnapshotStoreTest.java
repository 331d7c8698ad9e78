// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesReadsAndKeepsOnlyTheNewest() throws Exception {
        AtomicLong clock = new AtomicLong(1000);
        SnapshotStore store = new SnapshotStore(dir.resolve("management/snapshots"), 2, clock::get);
        assertThat(store.ids()).isEmpty();
        long a = store.write("a".getBytes(StandardCharsets.UTF_8));
        long b = store.write("b".getBytes(StandardCharsets.UTF_8)); // same millisecond: next id
        clock.set(5000);
        long c = store.write("c".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(1000);
        assertThat(b).isEqualTo(1001);
        assertThat(c).isEqualTo(5000);
        assertThat(store.ids()).containsExactly(1001L, 5000L);
        assertThat(store.read(a)).isNull();
        assertThat(new String(store.read(c), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(Files.exists(dir.resolve("management/snapshots/snapshot_5000.xml"))).isTrue();
        try (var files = Files.list(dir.resolve("management/snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("snapshot_\\d+\\.xml"));
        }
    }
}
