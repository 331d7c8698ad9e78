// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCredentialsTest {

    private final ConsoleCredentials credentials = new ConsoleCredentials();

    private static boolean verifies(String line, String password) {
        String[] f = line.split(":");
        byte[] expected = Base64.getDecoder().decode(f[4]);
        byte[] actual = ConsoleCredentials.pbkdf2(password.toCharArray(), Base64.getDecoder().decode(f[3]),
                Integer.parseInt(f[2]));
        return java.util.Arrays.equals(expected, actual);
    }

    @Test
    void firstStartGeneratesPrintsOnceAndStoresOnlyAHash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("security/console-users");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(credentials.ensure(file, null, new PrintStream(out, true, StandardCharsets.UTF_8))).isTrue();
        Matcher m = Pattern.compile("password: (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        String password = m.group(1);
        assertThat(password).hasSize(20);
        String content = Files.readString(file);
        assertThat(content).doesNotContain(password).startsWith("admin:pbkdf2-sha256:120000:").endsWith(":admin\n");
        assertThat(verifies(content.trim(), password)).isTrue();
        assertThat(verifies(content.trim(), password + "x")).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(credentials.ensure(file, null, new PrintStream(again, true, StandardCharsets.UTF_8))).isFalse();
        assertThat(again.size()).as("printed only at the first start").isZero();
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void presetPasswordReplacesOnlyTheAdminLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "viewer:pbkdf2-sha256:120000:AAAA:BBBB:viewer\nadmin:old\n");
        credentials.ensure(file, "chosen-password", new PrintStream(new ByteArrayOutputStream()));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("viewer:");
        assertThat(verifies(lines.get(1), "chosen-password")).isTrue();
    }

    @Test
    void tooShortPresetIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> credentials.ensure(dir.resolve("u"), "short", new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8");
        assertThat(Files.exists(dir.resolve("u"))).isFalse();
    }
}
