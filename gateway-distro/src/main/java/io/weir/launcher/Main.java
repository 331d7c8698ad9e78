// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Entry point of {@code weir-gateway.jar}: checks the environment, starts Apache Felix with the embedded
 * distro bundles, waits until the gateway answers on {@code /health}, and stops it cleanly on SIGTERM.
 *
 * <p>Everything that can go wrong before the gateway serves is reported on standard error with a distinct
 * exit code (see {@link ExitCodes}), so service managers and scripts can tell a bad option from a busy port.
 */
public final class Main {

    private static final long START_TIMEOUT_MS = 120_000;
    private static final long HTTP_TIMEOUT_MS = 60_000;
    private static final long STOP_TIMEOUT_MS = 30_000;

    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean shuttingDown;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        int code = main.run(args, System.getenv(), System.getProperties());
        if (!main.shuttingDown) {
            // bundles may leave non-daemon threads behind; the framework is stopped, so end the JVM
            System.exit(code);
        }
    }

    int run(String[] args, Map<String, String> env, Properties system) {
        long t0 = launchMillis(system);
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, env, system);
        } catch (IllegalArgumentException e) {
            err.println("weir: " + e.getMessage());
            err.println("Run with --help for the options.");
            return ExitCodes.USAGE;
        }
        Distro distro = Distro.fromClassPath();
        if (options.help) {
            out.println(LaunchOptions.USAGE);
            return ExitCodes.OK;
        }
        if (options.version) {
            out.println("Weir gateway " + distro.version);
            return ExitCodes.OK;
        }
        Path data = options.dataDir;
        try {
            Files.createDirectories(data.resolve("log"));
            Path probe = Files.createTempFile(data, ".probe", null);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            err.println("weir: data directory " + data + " is not usable: " + e);
            return ExitCodes.DATA_DIR;
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                err.println("weir: data directory " + data + " is in use by another Weir gateway");
                lockChannel.close();
                return ExitCodes.DATA_DIR_LOCKED;
            }
            return launch(options, distro, env, system, t0);
        } catch (IOException e) {
            err.println("weir: cannot lock data directory " + data + ": " + e);
            return ExitCodes.DATA_DIR;
        } finally {
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException e) {
                    err.println("weir: warning: releasing the data directory lock: " + e);
                }
            }
        }
    }

    private int launch(LaunchOptions options, Distro distro, Map<String, String> env, Properties system, long t0) {
        Path data = options.dataDir;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(options.httpHost, options.httpPort));
        } catch (IOException e) {
            err.println("weir: cannot listen on " + options.httpHost + ":" + options.httpPort + " (" + e.getMessage()
                    + "); choose another port with --http-port or WEIR_HTTP_PORT");
            return ExitCodes.HTTP;
        }
        Path usersFile = data.resolve("security").resolve("console-users");
        try {
            String preset = system.getProperty("weir.console.password", env.get("WEIR_CONSOLE_PASSWORD"));
            new ConsoleCredentials().ensure(usersFile, preset, out);
        } catch (IllegalArgumentException e) {
            err.println("weir: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("weir: cannot write the console users file " + usersFile + ": " + e);
            return ExitCodes.DATA_DIR;
        }

        // logback reads these when the first bundle logs
        System.setProperty("weir.data", data.toString());
        Path customLogback = data.resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(customLogback)) {
            System.setProperty("logback.configurationFile", customLogback.toString());
        }

        // Initialise logback on another core while the framework loads its bundles: its configuration
        // parsing is a large share of start-up otherwise spent on the critical path.
        Thread warmUp = new Thread(() -> org.slf4j.LoggerFactory.getILoggerFactory(), "weir-logging-init");
        warmUp.setDaemon(true);
        warmUp.start();

        Map<String, String> props = frameworkProperties(options, distro, usersFile, t0);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Main.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        boolean trace = Boolean.parseBoolean(system.getProperty("weir.startup.trace"));
        Framework framework = factory.newFramework(props);
        List<String> startErrors = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        try {
            framework.init();
            trace(trace, t0, "framework initialised");
            FrameworkListener listener = event -> {
                if (event.getType() == FrameworkEvent.ERROR) {
                    Bundle b = event.getBundle();
                    Throwable t = event.getThrowable();
                    synchronized (startErrors) {
                        startErrors.add((b != null ? b.getSymbolicName() : "framework") + ": "
                                + (t != null ? rootMessage(t) : "error"));
                    }
                } else if (event.getType() == FrameworkEvent.STARTED) {
                    started.countDown();
                }
            };
            framework.getBundleContext().addFrameworkListener(listener);
            if (trace) {
                framework.getBundleContext().addBundleListener((org.osgi.framework.SynchronousBundleListener) ev -> {
                    if (ev.getType() == org.osgi.framework.BundleEvent.STARTED) {
                        trace(true, t0, "started " + ev.getBundle().getSymbolicName());
                    }
                });
            }
            BundleSync.Result sync;
            try {
                sync = new BundleSync(framework.getBundleContext(), data.resolve("distro-bundles.properties"), out)
                        .sync(distro::bundles, distro.fingerprint());
            } catch (IOException e) {
                err.println("weir: cannot install the distro bundles (is the gateway jar damaged?): " + e.getMessage());
                stop(framework);
                return ExitCodes.BUNDLES;
            }
            for (Bundle b : sync.toStart) {
                // persistent: starts now (at its start level) and at every later launch
                b.start();
            }
            trace(trace, t0, "bundles in place");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(framework), "weir-shutdown"));
            // bundles must not log before SLF4J is initialised: during initialisation SLF4J hands out a
            // substitute factory, which the logback bridge cannot use
            warmUp.join();
            framework.start();
            if (!started.await(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                err.println("weir: the framework did not finish starting within " + START_TIMEOUT_MS / 1000 + " s");
                stop(framework);
                return ExitCodes.BUNDLES;
            }
            trace(trace, t0, "start levels reached");
            List<String> failures = failedBundles(framework, sync.locations, startErrors);
            if (!failures.isEmpty()) {
                err.println("weir: the gateway cannot start; these distro bundles failed:");
                failures.forEach(f -> err.println("  " + f));
                stop(framework);
                return ExitCodes.BUNDLES;
            }
            String status = awaitHttp(options);
            if (status == null) {
                err.println("weir: the HTTP server did not answer on port " + options.httpPort + " within "
                        + HTTP_TIMEOUT_MS / 1000 + " s");
                stop(framework);
                return ExitCodes.HTTP;
            }
            long ms = System.currentTimeMillis() - t0;
            String base = "http://" + displayHost(options.httpHost) + ":" + options.httpPort;
            out.println("weir: gateway " + distro.version + " started in " + ms + " ms, health " + status);
            out.println("weir:   console " + base + "/system/console  (user admin)");
            out.println("weir:   health  " + base + "/health");
            out.println("weir:   data    " + data);
            out.flush();
            FrameworkEvent stopEvent = framework.waitForStop(0);
            if (stopEvent.getType() == FrameworkEvent.ERROR) {
                err.println("weir: the framework stopped with an error: " + rootMessage(stopEvent.getThrowable()));
                return ExitCodes.FAILURE;
            }
            if (!shuttingDown) {
                out.println("weir: gateway stopped");
            }
            return ExitCodes.OK;
        } catch (BundleException | RuntimeException e) {
            err.println("weir: the gateway cannot start: " + rootMessage(e));
            stop(framework);
            return ExitCodes.BUNDLES;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(framework);
            return ExitCodes.FAILURE;
        }
    }

    Map<String, String> frameworkProperties(LaunchOptions options, Distro distro, Path usersFile, long t0) {
        Path data = options.dataDir;
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, data.resolve("framework").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, distro.systemPackages);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "3");
        p.put("felix.log.level", "1");
        p.put("weir.version", distro.version);
        p.put("weir.data", data.toString());
        p.put("weir.launch.millis", Long.toString(t0));
        // HTTP (Felix Jetty)
        p.put("org.osgi.service.http.port", Integer.toString(options.httpPort));
        p.put("org.apache.felix.http.host", options.httpHost);
        p.put("org.apache.felix.http.enable", "true");
        // Web console: not served until Weir's security provider (io.weir.console.security) is there,
        // so the console's built-in default login never answers.
        p.put("felix.webconsole.security.providers", "weir");
        p.put("weir.console.users", usersFile.toString());
        // Default configuration, shipped in the jar as Configurator JSON
        p.put("configurator.initial", distro.defaultConfigurationUrl());
        // Gogo: interactive only when asked for
        p.put("gosh.args", options.shell ? "" : "--nointeractive");
        return p;
    }

    private static List<String> failedBundles(Framework framework, List<String> locations, List<String> errors) {
        List<String> failures = new ArrayList<>();
        synchronized (errors) {
            failures.addAll(errors);
        }
        for (String location : locations) {
            Bundle b = framework.getBundleContext().getBundle(location);
            String name = location.substring(EmbeddedBundle.LOCATION_PREFIX.length());
            if (b == null) {
                failures.add(name + ": not installed");
            } else if (b.getState() == Bundle.INSTALLED) {
                failures.add(name + ": not resolved (a requirement is missing)");
            }
        }
        return failures;
    }

    /** @return "UP" or "DOWN" once /health answers, or {@code null} if it never does */
    private String awaitHttp(LaunchOptions options) throws InterruptedException {
        String host = "0.0.0.0".equals(options.httpHost) || "::".equals(options.httpHost) ? "127.0.0.1" : options.httpHost;
        long deadline = System.currentTimeMillis() + HTTP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            int status = healthStatus(host, options.httpPort);
            if (status == 200) {
                return "UP";
            }
            // 503: components may still be settling; give them a moment before reporting DOWN
            if (status == 503 && System.currentTimeMillis() + 500 >= deadline) {
                return "DOWN";
            }
            Thread.sleep(20);
        }
        return null;
    }

    /**
     * A minimal HTTP/1.0 GET of /health over a plain socket: the JDK's HttpClient takes longer to initialise
     * than the gateway takes to answer.
     *
     * @return the status code, or -1 if nothing answered
     */
    static int healthStatus(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /health HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            if (line == null || !line.startsWith("HTTP/")) {
                return -1;
            }
            String[] parts = line.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private void stopOnSignal(Framework framework) {
        shuttingDown = true;
        if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
            out.println("weir: stopping");
            stop(framework);
            out.println("weir: gateway stopped");
            out.flush();
        }
    }

    private void stop(Framework framework) {
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(STOP_TIMEOUT_MS);
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("weir: warning: the framework did not stop within " + STOP_TIMEOUT_MS / 1000 + " s");
            }
        } catch (BundleException e) {
            err.println("weir: error while stopping: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void trace(boolean on, long t0, String phase) {
        if (on) {
            out.println("weir: +" + (System.currentTimeMillis() - t0) + " ms " + phase);
        }
    }

    private static long launchMillis(Properties system) {
        // the start script may pass its own start time, so that the JVM's start-up is counted too
        String s = system.getProperty("weir.launch.millis");
        if (s != null) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t) : t.getMessage() + " (caused by " + root + ")";
    }
}
