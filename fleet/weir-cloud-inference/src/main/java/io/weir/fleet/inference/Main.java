// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The command line of the cloud inference service.
 *
 * <pre>
 * java -jar weir-cloud-inference.jar --broker tcp://127.0.0.1:1883 --models DIR [--account weir]
 *      [--client-id weir-cloud-inference] [--max-bytes N] [--workers N] [--queue N] [--intra-op-threads N]
 *      [--username USER] [--stats-seconds 60] [--wait-for-broker SECONDS|forever]
 * </pre>
 *
 * The MQTT password, if any, comes from the environment variable {@value #PASSWORD_ENV} (never from the command
 * line, where other users of the machine could read it). Prints what it serves, then {@code weir-cloud-inference
 * ready ...}, then one line of counters per {@code --stats-seconds}; SIGTERM or Ctrl-C stop it cleanly (queued
 * requests are answered first) and it prints the final counters. Exit status: 2 for bad arguments, 1 if it cannot
 * start (no models directory, broker refusing, or unreachable for longer than {@code --wait-for-broker}; by default
 * it keeps trying, printing each failed attempt), 143 after SIGTERM.
 */
public final class Main {

    /** The environment variable holding the MQTT password: {@value}. */
    public static final String PASSWORD_ENV = "WEIR_MQTT_PASSWORD";

    private static final String NAME = "weir-cloud-inference";

    private Main() {
    }

    /**
     * Parsed command line: the settings, how often to print the counters and how long to wait for the broker at
     * start ({@code null}: for ever).
     */
    record Options(Settings settings, int statsSeconds, @Nullable Duration waitForBroker) {
    }

    /**
     * Runs the service until the process is terminated.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null) {
            usage(System.out);
            return;
        }
        CloudInferenceService service;
        try {
            service = CloudInferenceService.start(options.settings(), options.waitForBroker(), message -> {
                System.out.println(NAME + " waiting for the broker: " + message);
                System.out.flush();
            });
        } catch (RuntimeException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        PrintStream out = System.out;
        Settings s = options.settings();
        out.println(NAME + " serving " + service.services().size() + " service(s) from " + s.modelsDirectory() + ":");
        service.services().forEach(m -> out.println("  " + m.line()));
        service.refused().forEach(r -> out.println("  not served: " + r.jar() + ": " + r.reason()));
        out.println(NAME + " ready on " + s.brokerUrl() + " as " + s.clientId() + ": requests on "
                + service.requestFilter() + ", " + s.workers() + " workers, queue " + s.queueCapacity()
                + ", intra-op threads " + s.intraOpThreads() + ", max body " + s.maxBytes() + " bytes");
        out.flush();

        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, NAME + "-stats");
            t.setDaemon(true);
            return t;
        });
        stats.scheduleAtFixedRate(() -> {
            out.println(NAME + " counters: " + service.counters().line());
            out.flush();
        }, options.statsSeconds(), options.statsSeconds(), TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stats.shutdownNow();
            service.close();
            out.println(NAME + " stopped: " + service.counters().line());
            out.flush();
            stopped.countDown();
        }, NAME + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param args the command line
     * @param env the environment (for {@value #PASSWORD_ENV})
     * @return the options, or {@code null} if help was asked for
     * @throws IllegalArgumentException naming what is wrong
     */
    static @Nullable Options parse(String[] args, Map<String, String> env) {
        String broker = null;
        Path models = null;
        String account = Settings.DEFAULT_ACCOUNT;
        String clientId = Settings.DEFAULT_CLIENT_ID;
        String username = null;
        Integer maxBytes = null;
        Integer workers = null;
        Integer queue = null;
        Integer intraOp = null;
        int statsSeconds = 60;
        Duration waitForBroker = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--broker" -> broker = value(args, ++i, arg);
                case "--models" -> models = Path.of(value(args, ++i, arg));
                case "--account" -> account = value(args, ++i, arg);
                case "--client-id" -> clientId = value(args, ++i, arg);
                case "--username" -> username = value(args, ++i, arg);
                case "--max-bytes" -> maxBytes = number(args, ++i, arg);
                case "--workers" -> workers = number(args, ++i, arg);
                case "--queue" -> queue = number(args, ++i, arg);
                case "--intra-op-threads" -> intraOp = number(args, ++i, arg);
                case "--stats-seconds" -> statsSeconds = number(args, ++i, arg);
                case "--wait-for-broker" -> {
                    String v = value(args, ++i, arg);
                    if (v.equals("forever")) {
                        waitForBroker = null;
                    } else {
                        int seconds = number(args, i, arg);
                        if (seconds < 0) {
                            throw new IllegalArgumentException(arg + " must be 0 or more seconds, or forever, was "
                                    + seconds);
                        }
                        waitForBroker = Duration.ofSeconds(seconds);
                    }
                }
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (broker == null) {
            throw new IllegalArgumentException("--broker is required");
        }
        if (models == null) {
            throw new IllegalArgumentException("--models is required");
        }
        if (statsSeconds < 1) {
            throw new IllegalArgumentException("--stats-seconds must be at least 1, was " + statsSeconds);
        }
        Settings.Builder b = Settings.builder(broker, models).account(account).clientId(clientId)
                .credentials(username, username == null ? null : env.get(PASSWORD_ENV));
        if (maxBytes != null) {
            b.maxBytes(maxBytes);
        }
        if (workers != null) {
            b.workers(workers);
        }
        if (queue != null) {
            b.queueCapacity(queue);
        }
        if (intraOp != null) {
            b.intraOpThreads(intraOp);
        }
        return new Options(b.build(), statsSeconds, waitForBroker);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return Objects.requireNonNull(args[i]);
    }

    private static int number(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + v + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: " + NAME + " --broker URL --models DIR [options]");
        out.println("  --broker URL            MQTT broker, e.g. tcp://127.0.0.1:1883");
        out.println("  --models DIR            directory of model bundle jars; each model is served as inference/<name>");
        out.println("  --account NAME          Kapua account whose devices are served (default "
                + Settings.DEFAULT_ACCOUNT + ")");
        out.println("  --client-id ID          this service's MQTT client id (default " + Settings.DEFAULT_CLIENT_ID
                + ")");
        out.println("  --username USER         MQTT user; the password is read from $" + PASSWORD_ENV);
        out.println("  --max-bytes N           largest request body in bytes (default " + Settings.DEFAULT_MAX_BYTES
                + ")");
        out.println("  --workers N             inference threads (default: the number of cores)");
        out.println("  --queue N               requests that may wait for a worker (default "
                + Settings.DEFAULT_QUEUE_CAPACITY + "); more get ERROR busy");
        out.println("  --intra-op-threads N    ONNX Runtime threads per inference (default: the number of cores)");
        out.println("  --stats-seconds N       print the counters every N seconds (default 60)");
        out.println("  --wait-for-broker N     keep trying to reach the broker at start for N seconds, or forever "
                + "(default); 0: one attempt");
    }
}
