// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.DeploymentListener;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.UninstallRequest;

/**
 * Gogo commands {@code weir:dp-list}, {@code weir:dp-install}, {@code weir:dp-uninstall} and {@code weir:dp-audit}.
 * Gogo maps a command name to a method name, and a method cannot be called {@code dp-list}; so each command is its
 * own {@link Function} service, registered here. The requester is {@code shell}.
 */
@Component(service = {}, immediate = true)
public final class ShellCommands {

    /** The requester written to the audit log. */
    static final String REQUESTER = "shell";
    private static final long WAIT_MINUTES = 30;

    private final DeploymentAgent agent;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public ShellCommands(BundleContext context, @Reference DeploymentAgent agent) {
        this.agent = agent;
        register(context, "dp-list", (s, args) -> list());
        register(context, "dp-install", this::install);
        register(context, "dp-uninstall", this::uninstall);
        register(context, "dp-audit", (s, args) -> audit(args));
    }

    private void register(BundleContext context, String name, Function f) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "weir");
        props.put("osgi.command.function", new String[] { name });
        registrations.add(context.registerService(Function.class, f, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
        registrations.clear();
    }

    String list() {
        List<PackageInfo> packages = agent.packages();
        if (packages.isEmpty()) {
            return "no deployment packages installed";
        }
        StringBuilder b = new StringBuilder();
        for (PackageInfo p : packages) {
            b.append(p.name()).append(' ').append(p.version()).append(p.signed() ? "  signed" : "  UNSIGNED")
                    .append('\n');
            for (PackageInfo.BundleInfo bi : p.bundles()) {
                b.append("  [").append(bi.id()).append("] ").append(bi.symbolicName()).append(' ')
                        .append(bi.version()).append(' ').append(bi.state()).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    private Object install(CommandSession session, List<Object> args) throws Exception {
        if (args.isEmpty() || args.size() > 4) {
            return "usage: dp-install <file.dp> | <url> [ALG:hash] | <url> <name> <version> [ALG:hash]";
        }
        PrintStream out = session.getConsole();
        String target = String.valueOf(args.get(0));
        CompletableFuture<DeploymentEvent> done = new CompletableFuture<>();
        boolean isUrl = target.toLowerCase(Locale.ROOT).startsWith("http://")
                || target.toLowerCase(Locale.ROOT).startsWith("https://");
        DeploymentListener listener = e -> {
            out.println(line(e));
            boolean last = e.status().isFinal()
                    && (e.operation() != DeploymentEvent.Operation.DOWNLOAD || e.status()
                            != DeploymentEvent.Status.COMPLETED || !isUrl);
            if (last) {
                done.complete(e);
            }
        };
        try {
            if (isUrl) {
                URI uri = URI.create(target);
                List<String> rest = new ArrayList<>();
                args.subList(1, args.size()).forEach(a -> rest.add(String.valueOf(a)));
                String hash = rest.isEmpty() || !rest.get(rest.size() - 1).contains(":") ? null
                        : rest.remove(rest.size() - 1);
                String name;
                String version;
                if (rest.size() == 2) {
                    name = rest.get(0);
                    version = rest.get(1);
                } else if (rest.isEmpty()) {
                    String file = Path.of(uri.getPath()).getFileName().toString();
                    int us = file.lastIndexOf('_');
                    if (!file.endsWith(".dp") || us <= 0) {
                        return "the URL's file is not named <name>_<version>.dp: give the name and version";
                    }
                    name = file.substring(0, us);
                    version = file.substring(us + 1, file.length() - 3);
                } else {
                    return "usage: dp-install <url> <name> <version> [ALG:hash]";
                }
                agent.download(DownloadRequest.builder(uri, name, version).requester(REQUESTER).hash(hash)
                        .force(true).build(), listener);
            } else {
                if (args.size() != 1) {
                    return "usage: dp-install <file.dp>";
                }
                Path file = Path.of(target);
                if (!Files.isRegularFile(file)) {
                    return "no such file: " + file;
                }
                agent.installFile(file, REQUESTER, 0, listener);
            }
        } catch (DeploymentException e) {
            return "refused: " + e.reason() + ": " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "invalid request: " + e.getMessage();
        }
        try {
            DeploymentEvent end = done.get(WAIT_MINUTES, TimeUnit.MINUTES);
            return end.status() == DeploymentEvent.Status.COMPLETED ? "OK" : "FAILED: " + end.reason();
        } catch (TimeoutException | InterruptedException e) {
            return "still running; see dp-list and dp-audit";
        }
    }

    private Object uninstall(CommandSession session, List<Object> args) throws Exception {
        if (args.size() != 1) {
            return "usage: dp-uninstall <name>";
        }
        PrintStream out = session.getConsole();
        CompletableFuture<DeploymentEvent> done = new CompletableFuture<>();
        try {
            agent.uninstall(new UninstallRequest(String.valueOf(args.get(0)), null, 0, REQUESTER), e -> {
                out.println(line(e));
                if (e.status().isFinal()) {
                    done.complete(e);
                }
            });
        } catch (DeploymentException e) {
            return "refused: " + e.reason() + ": " + e.getMessage();
        }
        DeploymentEvent end = done.get(WAIT_MINUTES, TimeUnit.MINUTES);
        return end.status() == DeploymentEvent.Status.COMPLETED ? "OK" : "FAILED: " + end.reason();
    }

    private String audit(List<Object> args) {
        int n = 20;
        if (!args.isEmpty()) {
            try {
                n = Integer.parseInt(String.valueOf(args.get(0)));
            } catch (NumberFormatException e) {
                return "usage: dp-audit [n]";
            }
        }
        if (!(agent instanceof PackageAgent p)) {
            return "the audit log is not available";
        }
        List<String> lines = p.auditTail(Math.max(1, n));
        return lines.isEmpty() ? "the audit log is empty" : String.join("\n", lines);
    }

    static String line(DeploymentEvent e) {
        StringBuilder b = new StringBuilder().append(e.operation()).append(' ').append(e.packageName()).append(' ')
                .append(e.packageVersion()).append(' ').append(e.status()).append(' ').append(e.progress())
                .append('%');
        if (e.operation() == DeploymentEvent.Operation.DOWNLOAD && e.transferredBytes() > 0) {
            b.append(" (").append(e.transferredBytes()).append(e.totalBytes() > 0 ? "/" + e.totalBytes() : "")
                    .append(" bytes)");
        }
        if (e.reason() != null) {
            b.append(' ').append(e.reason());
        }
        if (e.rolledBack()) {
            b.append(" ROLLED BACK");
        }
        if (e.message() != null) {
            b.append(": ").append(e.message());
        }
        return b.toString();
    }
}
