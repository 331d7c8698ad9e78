// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An installed deployment package.
 *
 * @param name its symbolic name
 * @param version its version
 * @param signed whether it was verified as signed by a trusted certificate when installed ({@code false} for a
 *        package accepted in development mode)
 * @param bundles its bundles, in the package's order
 */
@ProviderType
public record PackageInfo(String name, String version, boolean signed, List<BundleInfo> bundles) {

    public PackageInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        bundles = List.copyOf(bundles);
    }

    /**
     * A bundle of a package.
     *
     * @param symbolicName the bundle's symbolic name
     * @param version its version
     * @param id its framework id, or -1 if it is missing from the framework
     * @param state {@code INSTALLED}, {@code RESOLVED}, {@code STARTING}, {@code STOPPING}, {@code ACTIVE} or
     *        {@code UNINSTALLED}
     */
    public record BundleInfo(String symbolicName, String version, long id, String state) {

        public BundleInfo {
            Objects.requireNonNull(symbolicName, "symbolicName");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(state, "state");
        }
    }
}
