// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

/**
 * Why a deployment operation failed. The names are stable: they appear in replies, notifications and the audit
 * log, and managers may match on them.
 */
public enum FailureReason {
    /** The request is malformed: a missing or invalid parameter. */
    INVALID_REQUEST,
    /** Another operation of the same kind is running. */
    BUSY,
    /** No such downloaded file or installed package. */
    NOT_FOUND,
    /** The URL's scheme or host is not on the agent's allowlist, or a redirect left it. */
    URL_NOT_ALLOWED,
    /** The download failed: connection, HTTP status, or retries exhausted. */
    DOWNLOAD_FAILED,
    /** The download or the package exceeds the configured size limit. */
    TOO_LARGE,
    /** The downloaded file does not match the requested {@code alg:hash}. */
    HASH_MISMATCH,
    /** The operation was cancelled. */
    CANCELLED,
    /** The file is not a valid deployment package: not a JAR, no manifest headers, wrong name or version. */
    INVALID_PACKAGE,
    /** An entry name is unsafe: absolute, with {@code ..}, or otherwise escaping (zip slip). */
    UNSAFE_ENTRY,
    /** The package, or one of its entries, carries no signature. */
    UNSIGNED,
    /** The package is signed, but not by a certificate the gateway trusts. */
    UNTRUSTED,
    /** A signed entry's content does not match its signature, or an entry was added or removed after signing. */
    TAMPERED,
    /** A bundle of the package does not resolve; the install was rolled back. */
    RESOLUTION_FAILED,
    /** A bundle of the package does not start; the install was rolled back. */
    START_FAILED,
    /**
     * Every bundle started, but a {@link PackageCheck} refused the package (for example the inference engine refused
     * a model bundle's model); the install was rolled back.
     */
    CHECK_FAILED,
    /** Deployment Admin refused the package (for example a bundle owned by another package). */
    INSTALL_FAILED,
    /** Deployment Admin could not uninstall the package. */
    UNINSTALL_FAILED,
    /** Writing to the gateway's storage failed, for example because the disk is full. */
    STORAGE_FAILURE
}
