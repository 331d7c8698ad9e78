// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A jar in the models directory that a {@link CloudInferenceService} does not serve, and why.
 *
 * @param jar the file
 * @param reason why: not a model bundle, a model ONNX Runtime cannot load or that does not match its declared
 *     specs, or a lower version of a model that is served from another jar
 */
public record RefusedModel(Path jar, String reason) {

    /**
     * @param jar see {@link #jar()}
     * @param reason see {@link #reason()}
     */
    public RefusedModel {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(reason, "reason");
    }
}
