// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.cloud.app.deploy.internal.InventoryJson.BundleEntry;
import io.weir.cloud.app.deploy.internal.InventoryJson.BundleSelector;
import io.weir.cloud.app.deploy.internal.InventoryJson.Item;
import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.PackageInfo;

/**
 * INVENTORY-V1 (kapua-protocol.md §4.6): bundles, deployment packages and Debian system packages as JSON, and
 * starting or stopping a bundle by symbolic name. The deployment agent is optional: without it the inventory lists
 * no deployment packages. Containers and images are not managed (404).
 */
@Component(service = RequestHandler.class, configurationPid = DeployConfig.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@RequestHandlerApp(InventoryHandler.APP_ID)
public final class InventoryHandler implements RequestHandler {

    static final String APP_ID = "INVENTORY-V1";

    private static final Logger LOG = LoggerFactory.getLogger(InventoryHandler.class);

    private final BundleControl bundles;
    private final @Nullable Path dpkgStatus;
    private final InventoryJson json = new InventoryJson();

    /** The optional agent, replaced by SCR; read once per request. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable DeploymentAgent agent;

    @Activate
    public InventoryHandler(BundleContext context, DeployConfig config) {
        this(new BundleControl(context, config.protected_bundles()),
                config.dpkg_status_path().isBlank() ? null : Path.of(config.dpkg_status_path().trim()));
    }

    InventoryHandler(BundleControl bundles, @Nullable Path dpkgStatus) {
        this.bundles = bundles;
        this.dpkgStatus = dpkgStatus;
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        List<String> r = request.resources();
        try {
            switch (request.method()) {
                case GET:
                    if (r.size() == 1) {
                        switch (r.get(0)) {
                            case "inventory":
                                return ok(json.inventory(inventory()));
                            case "bundles":
                                return ok(json.bundles(bundleEntries()));
                            case "deploymentPackages":
                                return ok(json.deploymentPackages(packages(),
                                        id -> bundles.byId(id).map(BundleControl::signed).orElse(false)));
                            case "systemPackages":
                                return ok(json.systemPackages(systemPackages()));
                            case "containers":
                            case "images":
                                return notFound(request, "this gateway runs no container orchestration");
                            default:
                                break;
                        }
                    }
                    break;
                case EXEC:
                    if (r.size() == 2 && r.get(0).equals("bundles")
                            && (r.get(1).equals("_start") || r.get(1).equals("_stop"))) {
                        return startStop(request, r.get(1).equals("_start"));
                    }
                    if (!r.isEmpty() && (r.get(0).equals("containers") || r.get(0).equals("images"))) {
                        return notFound(request, "this gateway runs no container orchestration");
                    }
                    break;
                case DEL:
                    break;
                default:
                    return badRequest(request, "INVENTORY-V1 does not support " + request.method());
            }
            return notFound(request, "INVENTORY-V1 has no resource " + request.method() + "/"
                    + String.join("/", r));
        } catch (BadRequestException e) {
            return badRequest(request, e.getMessage());
        } catch (IOException e) {
            LOG.warn("INVENTORY-V1 cannot read the system packages from {}: {}", dpkgStatus, e.toString());
            return Response.error(ResponseCode.INTERNAL_ERROR,
                    "cannot read the system packages from " + dpkgStatus + ": " + e.getMessage());
        }
    }

    private List<Item> inventory() throws IOException {
        List<Item> items = new ArrayList<>();
        for (Bundle b : bundles.bundles()) {
            items.add(new Item(BundleControl.name(b), b.getVersion().toString(), "BUNDLE"));
        }
        for (PackageInfo p : packages()) {
            items.add(new Item(p.name(), p.version(), "DP"));
        }
        for (DpkgStatus.SystemPackage p : systemPackages()) {
            items.add(new Item(p.name(), p.version(), p.type()));
        }
        return items;
    }

    private List<BundleEntry> bundleEntries() {
        return bundles.bundles().stream().map(b -> new BundleEntry(BundleControl.name(b), b.getVersion().toString(),
                b.getBundleId(), BundleControl.stateName(b.getState()), BundleControl.signed(b))).toList();
    }

    private List<PackageInfo> packages() {
        DeploymentAgent a = agent;
        return a == null ? List.of() : a.packages();
    }

    private List<DpkgStatus.SystemPackage> systemPackages() throws IOException {
        Path file = dpkgStatus;
        return file == null ? List.of() : DpkgStatus.read(file);
    }

    private Response startStop(Request request, boolean start) throws BadRequestException {
        BundleSelector selector = json.selector(request.payload().body());
        Optional<Bundle> found = select(selector);
        if (found.isEmpty()) {
            return notFound(request, "no bundle " + selector.name()
                    + (selector.version() == null ? "" : " " + selector.version()));
        }
        Bundle bundle = found.get();
        try {
            bundles.startOrStop(bundle, start);
        } catch (BundleException | IllegalStateException | SecurityException e) {
            LOG.warn("INVENTORY-V1 cannot {} {}: {}", start ? "start" : "stop", BundleControl.label(bundle),
                    e.toString());
            return Response.error(ResponseCode.INTERNAL_ERROR,
                    "cannot " + (start ? "start " : "stop ") + BundleControl.label(bundle) + ": " + e.getMessage());
        }
        LOG.info("INVENTORY-V1 {} of {} by {}: {}", start ? "start" : "stop", BundleControl.label(bundle),
                request.requesterClientId(), BundleControl.stateName(bundle.getState()));
        return Response.ok();
    }

    /**
     * The bundle with this symbolic name and, if given, this version. Several versions and no version asked: the
     * request is ambiguous (400) rather than acting on a guess.
     */
    private Optional<Bundle> select(BundleSelector selector) throws BadRequestException {
        List<Bundle> named = bundles.bySymbolicName(selector.name());
        if (selector.version() == null) {
            if (named.size() > 1) {
                throw new BadRequestException(named.size() + " bundles are named " + selector.name()
                        + ": give a \"version\" (" + String.join(", ",
                                named.stream().map(b -> b.getVersion().toString()).toList()) + ")");
            }
            return named.stream().findFirst();
        }
        Version wanted;
        try {
            wanted = Version.parseVersion(selector.version());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("\"version\" is not an OSGi version: " + selector.version());
        }
        return named.stream().filter(b -> b.getVersion().equals(wanted)).findFirst();
    }

    private static Response ok(byte[] body) {
        return Response.ok(new CloudPayload(System.currentTimeMillis(), null, Map.of(), body));
    }

    private static Response notFound(Request request, String message) {
        LOG.debug("INVENTORY-V1 {} {}: 404 {}", request.method(), request.resources(), message);
        return Response.error(ResponseCode.NOT_FOUND, message);
    }

    private static Response badRequest(Request request, String message) {
        LOG.info("INVENTORY-V1 {} {} from {}: 400 {}", request.method(), request.resources(),
                request.requesterClientId(), message);
        return Response.error(ResponseCode.BAD_REQUEST, message);
    }
}
