// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void writesEscapedJsonLinesAndRotates() throws Exception {
        Path file = dir.resolve("deployment/audit.log");
        AuditLog log = new AuditLog(file, 1024, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        log.write(AuditLog.Action.INSTALL, "feature", "1.0.0", "kapua \"ops\"", 42, "completed", null, "line\nbreak");
        assertThat(Files.readString(file)).isEqualTo("{\"time\":\"2026-11-22T10:00:00Z\",\"action\":\"install\","
                + "\"package\":\"feature\",\"version\":\"1.0.0\",\"requester\":\"kapua \\\"ops\\\"\",\"job\":42,"
                + "\"outcome\":\"completed\",\"reason\":null,\"message\":\"line\\nbreak\"}\n");
        for (int i = 0; i < 20; i++) {
            log.write(AuditLog.Action.ROLLBACK, "feature", "2.0.0", "shell", i, "completed", "START_FAILED", "x");
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
        assertThat(file.resolveSibling("audit.log.1")).exists();
        assertThat(log.tail(3)).hasSize(3).last().asString().contains("\"job\":19").contains("\"action\":\"rollback\"");
        assertThat(log.tail(100)).hasSizeGreaterThan(Files.readAllLines(file).size());
    }
}
