// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    static String line(String user, String password, int iterations, String roles) throws Exception {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        return user + ":pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash) + ":" + roles;
    }

    @Test
    void verifiesTheRightPasswordOnly() throws Exception {
        Map<String, UsersFile.User> users = UsersFile.parse(List.of(line("admin", "s3cret-pass", 10_000, "admin")), "t");
        UsersFile.User admin = users.get("admin");
        assertThat(admin.verify("s3cret-pass".toCharArray())).isTrue();
        assertThat(admin.verify("s3cret-pasS".toCharArray())).isFalse();
        assertThat(admin.verify(new char[0])).isFalse();
        assertThat(admin.roles).containsExactly("admin");
    }

    @Test
    void skipsMalformedLinesAndKeepsTheRest() throws Exception {
        Map<String, UsersFile.User> users = UsersFile.parse(List.of(
                "# comment", "",
                "plain:password",
                "weak:pbkdf2-sha256:10:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==:admin",
                "md5:md5:10000:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==:admin",
                "junk:pbkdf2-sha256:x:y:z:admin",
                line("viewer", "viewer-pass", 10_000, "")), "t");
        assertThat(users).containsOnlyKeys("viewer");
        assertThat(users.get("viewer").roles).isEmpty();
    }

    @Test
    void reloadsWhenTheFileChangesAndToleratesItsAbsence(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        UsersFile users = new UsersFile(file);
        assertThat(users.find("admin")).isNull();
        Files.writeString(file, line("admin", "first-password", 10_000, "admin") + "\n");
        assertThat(users.find("admin").verify("first-password".toCharArray())).isTrue();
        Files.writeString(file, line("admin", "second-password", 10_000, "admin") + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(users.find("admin").verify("second-password".toCharArray())).isTrue();
        Files.delete(file);
        assertThat(users.find("admin")).isNull();
    }
}
