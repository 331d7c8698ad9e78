// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path dir;

    @Test
    void crashLeftoversGoAndEverythingElseStays() throws Exception {
        for (String n : new String[] {"a_1.0.0.dp.part", "da-123.dp.tmp", "local-9.dp.tmp", "a_1.0.0.dp", "notes.txt",
                "part"}) {
            Files.writeString(dir.resolve(n), n);
        }
        Files.createDirectory(dir.resolve("keep.part")); // a directory is never deleted
        PackageAgent.sweep(dir, ".part", ".dp.tmp");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a_1.0.0.dp", "notes.txt", "part", "keep.part");
        }
        PackageAgent.sweep(dir.resolve("missing")); // no directory yet: nothing to do, no error
    }
}
