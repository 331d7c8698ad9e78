// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.List;

import io.weir.deployment.PackageCheck;
import io.weir.inference.InferenceEngine;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the deployment agent whether the model bundles of a newly installed package were loaded: a package whose
 * model the engine refuses (corrupt file, specs that do not match, a duplicate version) is rolled back by the agent
 * and reported as {@code CHECK_FAILED} with the engine's reason, instead of being reported installed. Bundles that
 * carry no model for this engine are ignored. Waits (up to the agent's start timeout) for the loader to load or
 * refuse each model; lower versions that do not serve are test-loaded on arrival, so they are checked too.
 *
 * <p>The deployment API package is an optional import: without the deployment agent this component does not load
 * (SCR logs so) and nothing else changes.
 */
@Component(service = PackageCheck.class)
public final class ModelPackageCheck implements PackageCheck {

    private static final long POLL_MS = 20;

    private final OnnxInferenceEngine engine;

    @Activate
    public ModelPackageCheck(@Reference(target = "(component.name=io.weir.inference.onnx.internal.OnnxInferenceEngine)")
            InferenceEngine engine) {
        this.engine = (OnnxInferenceEngine) engine; // the engine of this bundle (the target filter makes sure)
    }

    @Override
    public @Nullable String check(String packageName, List<Bundle> bundles, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Bundle b : bundles) {
            if (!engine.tracks(b)) {
                continue;
            }
            ModelRegistry.Outcome o;
            while ((o = engine.outcome(b.getBundleId())) == ModelRegistry.Outcome.PENDING
                    || o == ModelRegistry.Outcome.NONE) {
                if (System.nanoTime() > deadline) {
                    return "model bundle " + b.getSymbolicName() + " " + b.getVersion() + " was not loaded within "
                            + timeoutMillis + " ms";
                }
                Thread.sleep(POLL_MS);
            }
            if (o == ModelRegistry.Outcome.REFUSED) {
                String why = engine.refusal(b.getBundleId());
                return "the inference engine refused model bundle " + b.getSymbolicName() + " " + b.getVersion()
                        + ": " + (why == null ? "see weir:models" : why);
            }
        }
        return null;
    }
}
