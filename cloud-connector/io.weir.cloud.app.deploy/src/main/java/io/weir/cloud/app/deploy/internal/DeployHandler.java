// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static io.weir.cloud.app.deploy.internal.DeployMetrics.*;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;
import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.FailureReason;

/**
 * DEPLOY-V2: deployment packages and bundles, managed remotely as Kura does it (kapua-protocol.md §4.1), on top of
 * the {@link DeploymentAgent}. Downloads, installs and uninstalls answer at once and report through
 * notifications sent from the agent's thread.
 */
@Component(service = RequestHandler.class, configurationPid = DeployConfig.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeployConfig.class)
@RequestHandlerApp(DeployHandler.APP_ID)
public final class DeployHandler implements RequestHandler {

    static final String APP_ID = "DEPLOY-V2";
    /** The synchronous answer to a download while another one runs (spec text, kept verbatim). */
    static final String BUSY_MESSAGE = "Another resource is already in download";

    private static final Logger LOG = LoggerFactory.getLogger(DeployHandler.class);

    private final DeploymentAgent agent;
    private final BundleControl bundles;

    @Activate
    public DeployHandler(BundleContext context, @Reference DeploymentAgent agent, DeployConfig config) {
        this(agent, new BundleControl(context, config.protected_bundles()));
    }

    DeployHandler(DeploymentAgent agent, BundleControl bundles) {
        this.agent = agent;
        this.bundles = bundles;
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        List<String> r = request.resources();
        if (r.isEmpty()) {
            return badRequest(request, "DEPLOY-V2 needs a resource, for example GET/packages");
        }
        try {
            switch (request.method()) {
                case GET:
                    if (r.size() == 1) {
                        switch (r.get(0)) {
                            case "packages":
                                return xml(DeployXml.packages(agent.packages()));
                            case "bundles":
                                return xml(DeployXml.bundles(bundles.bundles().stream()
                                        .map(b -> new DeployXml.BundleRow(BundleControl.name(b),
                                                b.getVersion().toString(), b.getBundleId(),
                                                BundleControl.stateName(b.getState())))
                                        .toList()));
                            case "download":
                                return downloadStatus();
                            case "install":
                                return installStatus();
                            default:
                                break;
                        }
                    }
                    break;
                case EXEC:
                    switch (r.get(0)) {
                        case "start":
                        case "stop":
                            if (r.size() <= 2) {
                                return startStop(request, r.get(0).equals("start"), r.size() == 2 ? r.get(1) : null);
                            }
                            break;
                        case "download":
                            return r.size() == 1 ? download(request, context) : notFound(request);
                        case "install":
                            return r.size() == 1 ? install(request, context) : notFound(request);
                        case "uninstall":
                            return r.size() == 1 ? uninstall(request, context) : notFound(request);
                        default:
                            break;
                    }
                    break;
                case DEL:
                    if (r.size() == 1 && r.get(0).equals("download")) {
                        boolean cancelled = agent.cancelDownload(request.requesterClientId());
                        LOG.info("DEPLOY-V2 download cancel by {}: {}", request.requesterClientId(),
                                cancelled ? "cancelled" : "no download was running");
                        return Response.ok();
                    }
                    break;
                default:
                    return badRequest(request, "DEPLOY-V2 does not support " + request.method());
            }
            return notFound(request);
        } catch (BadRequestException e) {
            return badRequest(request, e.getMessage());
        }
    }

    private Response downloadStatus() {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        Optional<DeploymentEvent> current = agent.currentDownload();
        if (current.isPresent()) {
            DeploymentEvent e = current.get();
            m.put(DOWNLOAD_SIZE, TypedValue.ofInteger((int) Math.min(Integer.MAX_VALUE, e.totalBytes())));
            m.put(DOWNLOAD_PROGRESS, TypedValue.ofInteger(e.progress()));
            m.put(DOWNLOAD_STATUS, TypedValue.ofString(e.status().name()));
            m.put(JOB_ID, TypedValue.ofLong(e.jobId()));
        } else {
            m.put(DOWNLOAD_SIZE, TypedValue.ofInteger(0));
            m.put(DOWNLOAD_PROGRESS, TypedValue.ofInteger(100));
            m.put(DOWNLOAD_STATUS, TypedValue.ofString(DOWNLOAD_ALREADY_DONE));
        }
        return Response.ok(metrics(m, null));
    }

    /** An install or an uninstall running both occupy the installer: either is reported as IN_PROGRESS. */
    private Response installStatus() {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        Optional<DeploymentEvent> current = agent.currentInstall();
        if (current.isPresent()) {
            m.put(INSTALL_STATUS, TypedValue.ofString(IN_PROGRESS));
            m.put(NAME, TypedValue.ofString(current.get().packageName()));
            m.put(VERSION, TypedValue.ofString(current.get().packageVersion()));
        } else {
            m.put(INSTALL_STATUS, TypedValue.ofString(INSTALL_IDLE));
        }
        return Response.ok(metrics(m, null));
    }

    private Response startStop(Request request, boolean start, String idText) throws BadRequestException {
        String verb = start ? "start" : "stop";
        if (idText == null) {
            throw new BadRequestException("EXEC/" + verb + " needs a bundle id: EXEC/" + verb + "/{id}");
        }
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new BadRequestException("bundle id '" + idText + "' is not a number");
        }
        Bundle bundle = bundles.byId(id).orElseThrow(() -> new BadRequestException("no bundle with id " + id));
        try {
            bundles.startOrStop(bundle, start);
        } catch (BundleException | IllegalStateException | SecurityException e) {
            throw new BadRequestException("cannot " + verb + " " + BundleControl.label(bundle) + ": "
                    + e.getMessage());
        }
        LOG.info("DEPLOY-V2 {} of {} by {}: {}", verb, BundleControl.label(bundle), request.requesterClientId(),
                BundleControl.stateName(bundle.getState()));
        return Response.ok();
    }

    private Response download(Request request, RequestContext context) throws BadRequestException {
        DownloadOptions options = DownloadOptions.parse(request.payload());
        logReboot(options.reboot(), options.rebootDelayMillis(), options.jobId());
        try {
            agent.download(options.toRequest(request.requesterClientId()), forwarder(context));
        } catch (DeploymentException e) {
            if (e.reason() == FailureReason.BUSY) {
                LOG.info("DEPLOY-V2 {} refused: a download is running", options);
                return new Response(ResponseCode.INTERNAL_ERROR,
                        metrics(Map.of(DOWNLOAD_STATUS, TypedValue.ofString(IN_PROGRESS)),
                                BUSY_MESSAGE.getBytes(StandardCharsets.UTF_8)),
                        BUSY_MESSAGE, null);
            }
            return refused(request, e);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
        LOG.info("DEPLOY-V2 {} accepted from {}", options, request.requesterClientId());
        return Response.ok();
    }

    private Response install(Request request, RequestContext context) throws BadRequestException {
        PackageOptions options = PackageOptions.parseInstall(request.payload());
        logReboot(options.reboot(), options.rebootDelayMillis(), options.jobId());
        try {
            agent.install(options.toInstall(request.requesterClientId()), forwarder(context));
        } catch (DeploymentException e) {
            return refused(request, e);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
        LOG.info("DEPLOY-V2 install of {} {} (job {}) accepted from {}", options.name(), options.version(),
                options.jobId(), request.requesterClientId());
        return Response.ok();
    }

    /**
     * As in Kura, an uninstall is answered 200 once its arguments are valid; a package that is not installed, or an
     * installer that is busy, is reported by a FAILED notification (with {@code dp.error.code}), queued before the
     * reply.
     */
    private Response uninstall(Request request, RequestContext context) throws BadRequestException {
        PackageOptions options = PackageOptions.parseUninstall(request.payload());
        logReboot(options.reboot(), options.rebootDelayMillis(), options.jobId());
        NotificationForwarder forwarder = forwarder(context);
        try {
            agent.uninstall(options.toUninstall(request.requesterClientId()), forwarder);
        } catch (DeploymentException e) {
            if (e.reason() == FailureReason.INVALID_REQUEST) {
                return refused(request, e);
            }
            LOG.info("DEPLOY-V2 uninstall of {} (job {}) from {} failed at once: {} {}", options.name(),
                    options.jobId(), request.requesterClientId(), e.reason(), e.getMessage());
            forwarder.publish(new DeploymentEvent(options.jobId(), DeploymentEvent.Operation.UNINSTALL,
                    DeploymentEvent.Status.FAILED, 0, 0, 0, options.name(),
                    options.version() == null ? "" : options.version(), null, request.requesterClientId(),
                    e.reason(), e.getMessage(), false));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
        return Response.ok();
    }

    private NotificationForwarder forwarder(RequestContext context) {
        return new NotificationForwarder(context);
    }

    private static Response refused(Request request, DeploymentException e) {
        ResponseCode code;
        switch (e.reason()) {
            case INVALID_REQUEST:
            case URL_NOT_ALLOWED:
            case NOT_FOUND:
            case BUSY:
            case TOO_LARGE:
                code = ResponseCode.BAD_REQUEST;
                break;
            default:
                code = ResponseCode.INTERNAL_ERROR;
                break;
        }
        LOG.info("DEPLOY-V2 {} {} from {} refused ({}): {}", request.method(), request.resources(),
                request.requesterClientId(), e.reason(), e.getMessage());
        return Response.error(code, e.getMessage());
    }

    private static void logReboot(boolean reboot, int delayMillis, long jobId) {
        if (reboot) {
            LOG.info("job {} asks for a reboot after {} ms: ignored, Weir never reboots the host "
                    + "(packages take effect without a restart)", jobId, delayMillis);
        }
    }

    private static Response badRequest(Request request, String message) {
        LOG.info("DEPLOY-V2 {} {} from {}: 400 {}", request.method(), request.resources(),
                request.requesterClientId(), message);
        return Response.error(ResponseCode.BAD_REQUEST, message);
    }

    private static Response notFound(Request request) {
        LOG.debug("DEPLOY-V2 {} {}: no such resource", request.method(), request.resources());
        return Response.error(ResponseCode.NOT_FOUND,
                "DEPLOY-V2 has no resource " + request.method() + "/" + String.join("/", request.resources()));
    }

    private static Response xml(byte[] body) {
        return Response.ok(metrics(Map.of(), body));
    }

    private static CloudPayload metrics(Map<String, TypedValue> metrics, byte[] body) {
        return new CloudPayload(System.currentTimeMillis(), null, metrics, body);
    }
}
