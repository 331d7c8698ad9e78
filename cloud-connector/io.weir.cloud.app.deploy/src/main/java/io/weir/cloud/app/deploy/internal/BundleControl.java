// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.weir.cloud.CloudConnection;

/**
 * Lists, finds, starts and stops the framework's bundles for the remote-management apps, and refuses to stop the
 * bundles that carry the management link: the system bundle, this bundle, every bundle that registers a {@link
 * CloudConnection}, and the configured symbolic names. Thread-safe (stateless apart from final fields).
 */
final class BundleControl {

    private final BundleContext context;
    private final Set<String> protectedNames;

    BundleControl(BundleContext context, String[] protectedNames) {
        this.context = context;
        this.protectedNames = Set.copyOf(Arrays.stream(protectedNames).map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
    }

    /** @return the installed bundles, by id */
    List<Bundle> bundles() {
        List<Bundle> all = new ArrayList<>(Arrays.asList(context.getBundles()));
        all.sort(Comparator.comparingLong(Bundle::getBundleId));
        return all;
    }

    Optional<Bundle> byId(long id) {
        return Optional.ofNullable(context.getBundle(id));
    }

    /** @return the bundles with this symbolic name, by id */
    List<Bundle> bySymbolicName(String name) {
        return bundles().stream().filter(b -> name.equals(b.getSymbolicName())).toList();
    }

    /**
     * @return why a remote stop of this bundle is refused, or empty if it may be stopped
     */
    Optional<String> stopRefusal(Bundle bundle) {
        String label = label(bundle);
        if (bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
            return Optional.of("bundle 0 is the system bundle: stopping it would shut the gateway down");
        }
        if (bundle.getBundleId() == context.getBundle().getBundleId()) {
            return Optional.of(label + " serves remote management: stopping it would cut the management link");
        }
        if (providesCloudConnection(bundle)) {
            return Optional.of(label + " provides the cloud connection: stopping it would cut the management link");
        }
        String name = bundle.getSymbolicName();
        if (name != null && protectedNames.contains(name)) {
            return Optional.of(label + " is protected (" + DeployConfig.PID
                    + " protected.bundles): stopping it would cut the management link");
        }
        return Optional.empty();
    }

    /**
     * Starts or stops a bundle; a stop the gateway refuses (see {@link #stopRefusal}) is a bad request.
     *
     * @throws BadRequestException if the stop is refused
     * @throws BundleException if the framework cannot start or stop it
     */
    void startOrStop(Bundle bundle, boolean start) throws BadRequestException, BundleException {
        if (start) {
            bundle.start();
            return;
        }
        Optional<String> refusal = stopRefusal(bundle);
        if (refusal.isPresent()) {
            throw new BadRequestException(refusal.get());
        }
        bundle.stop();
    }

    private boolean providesCloudConnection(Bundle bundle) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(CloudConnection.class.getName(), null);
            return refs != null && Arrays.stream(refs).anyMatch(r -> r.getBundle() != null
                    && r.getBundle().getBundleId() == bundle.getBundleId());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter cannot be invalid", e);
        }
    }

    /** @return {@code bundle N (symbolic.name)} */
    static String label(Bundle bundle) {
        return "bundle " + bundle.getBundleId() + " (" + name(bundle) + ")";
    }

    /** @return the symbolic name, or the location for a bundle without one */
    static String name(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null ? name : String.valueOf(bundle.getLocation());
    }

    /** @return the state's constant name, or the number for an unknown state */
    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return String.valueOf(state);
        }
    }

    /** @return whether the framework found signer certificates on the bundle */
    static boolean signed(Bundle bundle) {
        try {
            return !bundle.getSignerCertificates(Bundle.SIGNERS_ALL).isEmpty();
        } catch (IllegalStateException e) {
            return false; // uninstalled meanwhile
        }
    }
}
