// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/** One bundle shipped inside the gateway jar, with what the launcher needs to know about it. */
final class EmbeddedBundle {

    /** Location prefix of distro bundles: anything else was installed at run time and is left alone. */
    static final String LOCATION_PREFIX = "weir:distro/";

    final String symbolicName;
    final String version;
    final boolean fragment;
    final String sha256;
    final byte[] content;

    private EmbeddedBundle(String symbolicName, String version, boolean fragment, String sha256, byte[] content) {
        this.symbolicName = symbolicName;
        this.version = version;
        this.fragment = fragment;
        this.sha256 = sha256;
        this.content = content;
    }

    String location() {
        return LOCATION_PREFIX + symbolicName;
    }

    static EmbeddedBundle read(String name, byte[] content) throws IOException {
        Manifest mf;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(content))) {
            mf = in.getManifest();
        }
        if (mf == null) {
            throw new IOException("embedded bundle " + name + " has no manifest");
        }
        Attributes a = mf.getMainAttributes();
        String bsn = a.getValue("Bundle-SymbolicName");
        if (bsn == null) {
            throw new IOException("embedded bundle " + name + " has no Bundle-SymbolicName");
        }
        int semi = bsn.indexOf(';');
        bsn = (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
        String version = a.getValue("Bundle-Version");
        return new EmbeddedBundle(bsn, version == null ? "0.0.0" : version.trim(), a.getValue("Fragment-Host") != null,
                sha256(content), content);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Start level: the logging bridge and configuration infrastructure start before everything else, so
     * that components see their configuration at first activation and every log line reaches logback.
     */
    int startLevel() {
        switch (symbolicName) {
            case "org.apache.felix.log":
            case "org.apache.felix.logback":
                return 1;
            case "org.apache.felix.configadmin":
            case "org.apache.felix.cm.json":
            case "org.apache.felix.configurator":
            case "org.apache.felix.metatype":
            case "org.apache.felix.scr":
                return 2;
            default:
                return 3;
        }
    }
}
