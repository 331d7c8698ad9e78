// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's launch options. Each comes from, in order of precedence: the command line, a system
 * property, an environment variable, the default.
 *
 * <pre>
 *   --data DIR        weir.data       WEIR_DATA        ./weir-data
 *   --http-port PORT  weir.http.port  WEIR_HTTP_PORT   8080
 *   --http-host HOST  weir.http.host  WEIR_HTTP_HOST   0.0.0.0
 *   --shell           weir.shell      WEIR_SHELL       false
 * </pre>
 */
final class LaunchOptions {

    static final String USAGE = String.join("\n",
            "Usage: java -jar weir-gateway.jar [options]",
            "",
            "Options (each also settable as a system property or environment variable):",
            "  --data DIR        data directory: framework storage, configuration, logs, message store",
            "                    (-Dweir.data, WEIR_DATA; default ./weir-data)",
            "  --http-port PORT  HTTP port of the web console and /health (-Dweir.http.port, WEIR_HTTP_PORT;",
            "                    default 8080)",
            "  --http-host HOST  address to bind HTTP to (-Dweir.http.host, WEIR_HTTP_HOST; default 0.0.0.0)",
            "  --shell           start an interactive Gogo shell on this terminal (-Dweir.shell=true, WEIR_SHELL)",
            "  --version         print the version and exit",
            "  --help            print this help and exit",
            "",
            "Console login: user 'admin'. Set the password with WEIR_CONSOLE_PASSWORD (or -Dweir.console.password);",
            "otherwise a random one is generated and printed once, at the first start.");

    final Path dataDir;
    final int httpPort;
    final String httpHost;
    final boolean shell;
    final boolean help;
    final boolean version;

    private LaunchOptions(Path dataDir, int httpPort, String httpHost, boolean shell, boolean help, boolean version) {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.httpHost = httpHost;
        this.shell = shell;
        this.help = help;
        this.version = version;
    }

    /**
     * @throws IllegalArgumentException with a message fit for the user when an option is unknown or invalid
     */
    static LaunchOptions parse(String[] args, Map<String, String> env, Properties system) {
        String data = null;
        String port = null;
        String host = null;
        Boolean shell = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--data":
                    data = inline != null ? inline : value(args, ++i, a);
                    break;
                case "--http-port":
                    port = inline != null ? inline : value(args, ++i, a);
                    break;
                case "--http-host":
                    host = inline != null ? inline : value(args, ++i, a);
                    break;
                case "--shell":
                    shell = Boolean.TRUE;
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        data = first(data, system.getProperty("weir.data"), env.get("WEIR_DATA"), "weir-data");
        port = first(port, system.getProperty("weir.http.port"), env.get("WEIR_HTTP_PORT"), "8080");
        host = first(host, system.getProperty("weir.http.host"), env.get("WEIR_HTTP_HOST"), "0.0.0.0");
        if (shell == null) {
            shell = Boolean.parseBoolean(first(null, system.getProperty("weir.shell"), env.get("WEIR_SHELL"), "false"));
        }
        if (data.isBlank()) {
            throw new IllegalArgumentException("the data directory must not be empty");
        }
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HTTP port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("HTTP port " + p + " is out of range 1-65535");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("the HTTP host must not be empty");
        }
        return new LaunchOptions(Path.of(data).toAbsolutePath().normalize(), p, host.trim(), shell, help, version);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        throw new IllegalStateException("no default");
    }
}
