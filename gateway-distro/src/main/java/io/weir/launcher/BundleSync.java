// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Brings the framework's installed bundles in line with the bundles embedded in the gateway jar, without
 * touching bundles installed at run time (by DEPLOY-V2, the console or the shell):
 * <ul>
 * <li>an embedded bundle that is not installed is installed and marked to start;</li>
 * <li>an installed distro bundle whose content changed (a new gateway jar) is updated in place, keeping its
 * persistent start state, so a bundle an operator stopped stays stopped;</li>
 * <li>a distro bundle no longer embedded is uninstalled.</li>
 * </ul>
 * The SHA-256 of each installed distro bundle is remembered in {@code DATA/distro-bundles.properties}.
 */
final class BundleSync {

    private final BundleContext context;
    private final Path stateFile;
    private final PrintStream out;

    BundleSync(BundleContext context, Path stateFile, PrintStream out) {
        this.context = context;
        this.stateFile = stateFile;
        this.out = out;
    }

    /** Source of the embedded bundles; reading them means reading the whole jar, so it is done lazily. */
    interface Embedded {
        List<EmbeddedBundle> read() throws IOException;
    }

    /** What a sync did. */
    static final class Result {
        /** Bundles newly installed, to be started. */
        final List<Bundle> toStart;
        /** Locations of all distro bundles. */
        final List<String> locations;

        Result(List<Bundle> toStart, List<String> locations) {
            this.toStart = toStart;
            this.locations = locations;
        }
    }

    static final String FINGERPRINT = "distro.fingerprint";

    /**
     * @param fingerprint identifies the gateway jar (path, size, time); when it is the one of the last sync
     *        and every distro bundle is still installed, nothing is read: a restart stays fast. {@code null}
     *        forces a full sync.
     */
    Result sync(Embedded source, String fingerprint) throws IOException, BundleException, InterruptedException {
        Properties state = loadState();
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(EmbeddedBundle.LOCATION_PREFIX)) {
                installed.put(b.getLocation(), b);
            }
        }
        if (fingerprint != null && fingerprint.equals(state.getProperty(FINGERPRINT))) {
            List<String> locations = new ArrayList<>();
            for (String key : state.stringPropertyNames()) {
                if (key.startsWith(EmbeddedBundle.LOCATION_PREFIX)) {
                    locations.add(key);
                }
            }
            if (!locations.isEmpty() && installed.keySet().containsAll(locations)
                    && locations.containsAll(installed.keySet())) {
                return new Result(List.of(), locations);
            }
        }
        List<EmbeddedBundle> embedded = source.read();
        List<Bundle> toStart = new ArrayList<>();
        boolean refresh = false;
        Properties next = new Properties();
        for (EmbeddedBundle e : embedded) {
            Bundle b = installed.remove(e.location());
            if (b == null) {
                b = context.installBundle(e.location(), new ByteArrayInputStream(e.content));
                if (!e.fragment) {
                    toStart.add(b);
                }
            } else if (!e.sha256.equals(state.getProperty(e.location()))) {
                out.println("weir: updating " + e.symbolicName + " to " + e.version);
                try (InputStream in = new ByteArrayInputStream(e.content)) {
                    b.update(in);
                }
                refresh = true;
            }
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level.getStartLevel() != e.startLevel()) {
                level.setStartLevel(e.startLevel());
            }
            next.setProperty(e.location(), e.sha256);
        }
        for (Bundle stale : installed.values()) {
            out.println("weir: removing " + stale.getSymbolicName() + " (no longer part of the distro)");
            stale.uninstall();
            refresh = true;
        }
        if (refresh) {
            refresh();
        }
        List<String> locations = new ArrayList<>();
        for (EmbeddedBundle e : embedded) {
            locations.add(e.location());
        }
        if (fingerprint != null) {
            next.setProperty(FINGERPRINT, fingerprint);
        }
        saveState(next);
        return new Result(toStart, locations);
    }

    private void refresh() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            out.println("weir: warning: bundle refresh did not finish within 60 s");
        }
    }

    private Properties loadState() throws IOException {
        Properties p = new Properties();
        if (Files.exists(stateFile)) {
            try (var r = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private void saveState(Properties p) throws IOException {
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "SHA-256 of the distro bundles installed from the gateway jar");
        }
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
