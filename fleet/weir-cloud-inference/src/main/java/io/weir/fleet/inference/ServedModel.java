// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.weir.inference.TensorSpec;

/**
 * One service a {@link CloudInferenceService} offers: a model bundle's model, loaded in ONNX Runtime.
 *
 * @param service the service name requests ask for, {@code inference/<model>}
 * @param model the model name (the {@code weir.model} attribute of the bundle's capability)
 * @param version the model version
 * @param jar the model bundle it was loaded from
 * @param inputs the inputs a request's body must carry, in model order
 * @param outputs the outputs a result's body carries, in model order
 */
public record ServedModel(String service, String model, String version, Path jar, List<TensorSpec> inputs,
        List<TensorSpec> outputs) {

    /**
     * Copies the lists.
     *
     * @param service see {@link #service()}
     * @param model see {@link #model()}
     * @param version see {@link #version()}
     * @param jar see {@link #jar()}
     * @param inputs see {@link #inputs()}
     * @param outputs see {@link #outputs()}
     */
    public ServedModel {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(jar, "jar");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * @return for example {@code inference/vibration-anomaly  vibration-anomaly 1.0.0  in input:FLOAT:-1x6  out
     *     output:FLOAT:-1x2  (models/weir-model-vibration.jar)}
     */
    public String line() {
        return service + "  " + model + " " + version + "  in " + specs(inputs) + "  out " + specs(outputs) + "  ("
                + jar + ")";
    }

    private static String specs(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::format).collect(Collectors.joining(","));
    }
}
