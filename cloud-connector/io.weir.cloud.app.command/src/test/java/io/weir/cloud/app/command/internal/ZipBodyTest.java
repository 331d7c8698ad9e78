// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static io.weir.cloud.app.command.internal.Fixtures.withUnixMode;
import static io.weir.cloud.app.command.internal.Fixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.ResponseCode;

class ZipBodyTest {

    private static final ZipBody.Limits LIMITS = new ZipBody.Limits(1000, 500, 10);

    @TempDir
    Path tmp;
    Path work;
    Path staging;

    @BeforeEach
    void dirs() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        staging = Files.createDirectories(tmp.resolve("staging"));
    }

    private int extract(byte[] zip) throws Refused {
        return ZipBody.extract(zip, work, staging, LIMITS, Set.of());
    }

    private List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).toList();
        }
    }

    private void assertRefusedAndNothingWritten(byte[] zip, String message) throws Exception {
        assertThatThrownBy(() -> extract(zip)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST)).hasMessageContaining(message);
        assertThat(files(work)).isEmpty();
        assertThat(files(staging)).as("staging cleaned").isEmpty();
        assertThat(files(tmp)).containsExactlyInAnyOrder(work, staging);
    }

    @Test
    void unpacksFilesAndDirectories() throws Exception {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("conf/", "");
        e.put("conf/a.txt", "alpha");
        e.put("b/c/d.txt", "delta");
        assertThat(extract(zip(e))).isEqualTo(2);
        assertThat(work.resolve("conf/a.txt")).hasContent("alpha");
        assertThat(work.resolve("b/c/d.txt")).hasContent("delta");
        assertThat(files(staging)).isEmpty();
    }

    @Test
    void zipSlipIsRefusedAndNothingIsExtracted() throws Exception {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("good.txt", "fine");
        e.put("sub/../../evil.txt", "pwned");
        assertRefusedAndNothingWritten(zip(e), "outside the working directory");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void absoluteAndBackslashNamesAreRefused() throws Exception {
        assertRefusedAndNothingWritten(zip(Map.of("/etc/evil", "x")), "absolute");
        assertRefusedAndNothingWritten(zip(Map.of("C:/evil", "x")), "absolute");
        assertRefusedAndNothingWritten(zip(Map.of("..\\evil", "x")), "backslash");
    }

    @Test
    void symbolicLinkEntriesAreRefused() throws Exception {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("ok.txt", "fine");
        e.put("link", "/etc/passwd");
        assertRefusedAndNothingWritten(withUnixMode(zip(e), "link", 0120777), "symbolic link");
    }

    @Test
    void aSymbolicLinkInTheWorkingDirectoryIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(work.resolve("sub"), outside);
        assertThatThrownBy(() -> extract(zip(Map.of("sub/x.txt", "x")))).isInstanceOf(Refused.class)
                .hasMessageContaining("symbolic link");
        assertThat(files(outside)).isEmpty();
    }

    @Test
    void existingFilesAndAllowlistedPathsAreNeverReplaced() throws Exception {
        Files.writeString(work.resolve("keep.txt"), "original");
        assertThatThrownBy(() -> extract(zip(Map.of("keep.txt", "new")))).isInstanceOf(Refused.class)
                .hasMessageContaining("exists");
        assertThat(work.resolve("keep.txt")).hasContent("original");
        assertThatThrownBy(() -> ZipBody.extract(zip(Map.of("tool.sh", "rm -rf /")), work, staging, LIMITS,
                Set.of(work.resolve("tool.sh")))).isInstanceOf(Refused.class).hasMessageContaining("allowlisted");
        assertThat(work.resolve("tool.sh")).doesNotExist();
    }

    @Test
    void sizeAndCountCapsAreEnforcedOnInflatedBytes() throws Exception {
        assertRefusedAndNothingWritten(zip(Map.of("big", "x".repeat(501))), "more than 500 bytes");
        Map<String, String> e = new LinkedHashMap<>();
        e.put("a", "x".repeat(400));
        e.put("b", "x".repeat(400));
        e.put("c", "x".repeat(400));
        assertRefusedAndNothingWritten(zip(e), "more than 1000 bytes");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("f" + i, "");
        }
        assertRefusedAndNothingWritten(zip(many), "more than 10 entries");
    }

    @Test
    void duplicatesAndGarbageAreRefused() throws Exception {
        assertRefusedAndNothingWritten("not a zip at all".getBytes(), "not a ZIP");
        Map<String, String> e = new LinkedHashMap<>();
        e.put("a", "file");
        e.put("a/b", "file under a file");
        assertRefusedAndNothingWritten(zip(e), "conflicting");
    }

    @Test
    void executeBitsAreKept() throws Exception {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("run.sh", "#!/bin/sh\necho hi\n");
        e.put("data.txt", "x");
        extract(withUnixMode(zip(e), "run.sh", 0100755));
        assertThat(Files.isExecutable(work.resolve("run.sh"))).isTrue();
        assertThat(Files.isExecutable(work.resolve("data.txt"))).isFalse();
    }
}
