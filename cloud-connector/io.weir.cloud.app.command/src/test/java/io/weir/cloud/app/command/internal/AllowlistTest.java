// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.ResponseCode;

class AllowlistTest {

    private static final String PATH = CommandApp.SAFE_PATH;

    @TempDir
    Path dir;

    @Test
    void bareNameIsFoundOnThePath() throws Exception {
        Allowlist a = Allowlist.of(List.of("echo", " ", ""));
        Path p = a.resolve("echo", PATH, dir);
        assertThat(p).isAbsolute();
        assertThat(p.getFileName().toString()).isEqualTo("echo");
        assertThat(Files.isExecutable(p)).isTrue();
    }

    @Test
    void pathQualifiedNeedsAnAbsoluteEntry() throws Exception {
        Allowlist bare = Allowlist.of(List.of("echo"));
        Path echo = Allowlist.search("echo", PATH);
        assertThatThrownBy(() -> bare.resolve(echo.toString(), PATH, dir)).isInstanceOf(Refused.class)
                .hasMessage("command not allowed: " + echo);
        assertThatThrownBy(() -> bare.resolve("./echo", PATH, dir)).isInstanceOf(Refused.class);

        Allowlist abs = Allowlist.of(List.of(echo.toString()));
        assertThat(abs.resolve(echo.toString(), PATH, dir)).isEqualTo(echo);
        // normalised, and a bare name that the PATH resolves to the entry
        assertThat(abs.resolve(echo.getParent() + "/../" + echo.getParent().getFileName() + "/echo", PATH, dir))
                .isEqualTo(echo);
        assertThat(abs.resolve("echo", PATH, dir)).isEqualTo(echo);
        assertThatThrownBy(() -> abs.resolve("cat", PATH, dir)).isInstanceOf(Refused.class)
                .hasMessage("command not allowed: cat");
    }

    @Test
    void aLinkToAnAllowedFileRunsTheAllowedPath() throws Exception {
        Path echo = Allowlist.search("echo", PATH);
        Path link = Files.createSymbolicLink(dir.resolve("e"), echo);
        Allowlist abs = Allowlist.of(List.of(echo.toString()));
        assertThat(abs.resolve(link.toString(), PATH, dir)).isEqualTo(echo);
        assertThat(abs.resolve("./e", PATH, dir)).isEqualTo(echo);
    }

    @Test
    void offTheListIsRefusedWith400AndMissingIs500() {
        Allowlist a = Allowlist.of(List.of("echo", "no-such-program-weir"));
        assertThatThrownBy(() -> a.resolve("ls", PATH, dir)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST));
        assertThatThrownBy(() -> a.resolve("no-such-program-weir", PATH, dir)).isInstanceOfSatisfying(
                Refused.class, r -> assertThat(r.code()).isEqualTo(ResponseCode.INTERNAL_ERROR));
        assertThatThrownBy(() -> a.resolve("echo", dir.toString(), dir)).isInstanceOf(Refused.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> a.resolve("", PATH, dir)).isInstanceOf(Refused.class);
    }

    @Test
    void relativePathEntriesOfThePathAreSkipped() throws Exception {
        Path fake = Files.createFile(dir.resolve("tool"));
        fake.toFile().setExecutable(true);
        assertThat(Allowlist.search("tool", "." + java.io.File.pathSeparator + ":" + dir)).isEqualTo(fake);
        assertThat(Allowlist.search("tool", "relative:")).isNull();
    }

    @Test
    void relativeEntriesAreAConfigurationError() {
        assertThatThrownBy(() -> Allowlist.of(List.of("bin/tool"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bin/tool");
    }
}
