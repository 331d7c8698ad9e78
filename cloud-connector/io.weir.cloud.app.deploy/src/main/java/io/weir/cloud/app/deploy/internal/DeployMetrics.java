// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

/** Metric names of DEPLOY-V2 (kapua-protocol.md §4.1), plus Weir's two extension metrics. */
final class DeployMetrics {

    static final String CLIENT_ID = "client.id";
    static final String JOB_ID = "job.id";
    static final String NAME = "dp.name";
    static final String VERSION = "dp.version";
    static final String REBOOT = "dp.reboot";
    static final String REBOOT_DELAY = "dp.reboot.delay";

    static final String URI = "dp.uri";
    static final String PROTOCOL = "dp.download.protocol";
    static final String SYSTEM_UPDATE = "dp.install.system.update";
    static final String INSTALL = "dp.install";
    static final String BLOCK_SIZE = "dp.download.block.size";
    static final String BLOCK_DELAY = "dp.download.block.delay";
    static final String TIMEOUT = "dp.download.timeout";
    static final String NOTIFY_BLOCK_SIZE = "dp.download.notify.block.size";
    static final String RESUME = "dp.download.resume";
    static final String FORCE = "dp.download.force";
    static final String USERNAME = "dp.download.username";
    static final String PASSWORD = "dp.download.password";
    static final String HASH = "dp.download.hash";
    static final String VERIFIER_URI = "dp.install.verifier.uri";
    static final String REQUEST_TYPE = "request.type";
    static final String HOOK_PROPERTIES = "hook.properties";

    static final String DOWNLOAD_SIZE = "dp.download.size";
    static final String DOWNLOAD_PROGRESS = "dp.download.progress";
    static final String DOWNLOAD_STATUS = "dp.download.status";
    static final String DOWNLOAD_INDEX = "dp.download.index";
    static final String DOWNLOAD_ERROR = "dp.download.error.message";

    static final String INSTALL_STATUS = "dp.install.status";
    static final String INSTALL_PROGRESS = "dp.install.progress";
    static final String INSTALL_ERROR = "dp.install.error.message";

    static final String UNINSTALL_STATUS = "dp.uninstall.status";
    static final String UNINSTALL_PROGRESS = "dp.uninstall.progress";
    static final String UNINSTALL_ERROR = "dp.uninstall.error.message";

    /** Weir extension (STRING): the agent's {@code FailureReason} name on a FAILED or CANCELLED notification. */
    static final String ERROR_CODE = "dp.error.code";
    /** Weir extension (BOOL): on a failed install, whether the gateway was rolled back to its previous state. */
    static final String ROLLED_BACK = "dp.rolled.back";

    static final String DOWNLOAD_ALREADY_DONE = "ALREADY DONE";
    static final String INSTALL_IDLE = "IDLE";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";

    private DeployMetrics() {
    }
}
