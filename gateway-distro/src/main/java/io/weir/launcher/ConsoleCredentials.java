// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes sure the web console has an administrator password before anything serves HTTP.
 *
 * <p>The users file ({@code DATA/security/console-users}, mode 0600) holds one line per user:
 * {@code name:pbkdf2-sha256:iterations:base64(salt):base64(hash):role,role}. No password is ever stored in
 * clear. There is no fixed default password:
 * <ul>
 * <li>if {@code WEIR_CONSOLE_PASSWORD} (or {@code -Dweir.console.password}) is set, the admin password is
 * (re)set from it at every start;</li>
 * <li>otherwise, at the first start only, a random password is generated and printed once to standard output
 * (never to the log file).</li>
 * </ul>
 * The {@code io.weir.console.security} bundle verifies logins against this file.
 */
final class ConsoleCredentials {

    static final String ADMIN = "admin";
    static final int ITERATIONS = 120_000;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /**
     * @param usersFile the users file
     * @param presetPassword a password chosen by the installer, or {@code null}
     * @param out where a generated password is announced
     * @return {@code true} if the file was written
     */
    boolean ensure(Path usersFile, String presetPassword, PrintStream out) throws IOException {
        if (presetPassword != null && !presetPassword.isEmpty()) {
            if (presetPassword.length() < 8) {
                throw new IllegalArgumentException("WEIR_CONSOLE_PASSWORD must have at least 8 characters");
            }
            write(usersFile, replaceUser(usersFile, ADMIN, line(ADMIN, presetPassword.toCharArray(), "admin")));
            return true;
        }
        if (Files.exists(usersFile)) {
            return false;
        }
        char[] password = generate(20);
        write(usersFile, line(ADMIN, password, "admin"));
        out.println();
        out.println("  ============================================================");
        out.println("  Weir web console: first start, a password was generated.");
        out.println("    user:     " + ADMIN);
        out.println("    password: " + new String(password));
        out.println("  It is shown only this once and stored hashed in");
        out.println("    " + usersFile);
        out.println("  Set WEIR_CONSOLE_PASSWORD to choose your own.");
        out.println("  ============================================================");
        out.println();
        out.flush();
        return true;
    }

    char[] generate(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return c;
    }

    String line(String user, char[] password, String roles) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":pbkdf2-sha256:" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash)
                + ":" + roles;
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }

    /** @return the file's content with the line of {@code user} replaced (or added), other users kept */
    private static String replaceUser(Path file, String user, String line) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean replaced = false;
        if (Files.exists(file)) {
            for (String existing : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (existing.startsWith(user + ":")) {
                    if (!replaced) {
                        sb.append(line).append('\n');
                        replaced = true;
                    }
                } else if (!existing.isBlank()) {
                    sb.append(existing).append('\n');
                }
            }
        }
        if (!replaced) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data directory's permissions
        }
        Files.write(tmp, (content.endsWith("\n") ? content : content + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
