// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Verifies a password against a PBKDF2-HMAC-SHA256 hash in constant time. */
final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";

    private PasswordHash() {
    }

    static boolean matches(char[] password, byte[] salt, int iterations, byte[] expected) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] actual = f.generateSecret(new PBEKeySpec(password, salt, iterations, expected.length * 8))
                    .getEncoded();
            return MessageDigest.isEqual(actual, expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }
}
