// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Names of the {@value #NAMESPACE} capability that makes a bundle a model bundle, and of the extender
 * requirement that wires it to the engine. A model bundle declares, for example:
 *
 * <pre>
 * Provide-Capability: weir.model;
 *   weir.model=vibration-anomaly;
 *   version:Version=1.2.0;
 *   format=onnx;
 *   file=model/vibration-anomaly.onnx;
 *   inputs:List&lt;String&gt;="features:FLOAT:-1x16";
 *   outputs:List&lt;String&gt;="score:FLOAT:-1x1,label:INT64:-1";
 *   metadata=model/metadata.properties
 * Require-Capability: osgi.extender;
 *   filter:="(&amp;(osgi.extender=weir.model)(version&gt;=1.0)(!(version&gt;=2.0)))"
 * </pre>
 *
 * <p>A tensor spec in {@value #INPUTS_ATTRIBUTE} and {@value #OUTPUTS_ATTRIBUTE} is written {@code
 * name:TYPE:dims}: the tensor name, an {@link ElementType} name, and the dimensions joined by {@code x} with
 * {@code -1} for a dynamic dimension (empty for a scalar). It is read from the right, so a name may contain
 * {@code :} (as in {@code input:0}); a name must not contain {@code ,}, which separates list entries.
 *
 * <p>Constants defined by Weir: a provider type.
 */
@ProviderType
public final class ModelCapability {

    /** The capability namespace of model bundles: {@value}. */
    public static final String NAMESPACE = "weir.model";

    /** Attribute holding the model name (String, required); named after the namespace: {@value}. */
    public static final String NAME_ATTRIBUTE = NAMESPACE;

    /** Attribute holding the model version (Version, required): {@value}. */
    public static final String VERSION_ATTRIBUTE = "version";

    /** Attribute holding the model file format (String, required), for example {@value #FORMAT_ONNX}: {@value}. */
    public static final String FORMAT_ATTRIBUTE = "format";

    /** Attribute holding the path of the model file inside the bundle (String, required): {@value}. */
    public static final String FILE_ATTRIBUTE = "file";

    /** Attribute listing the input tensor specs in model order (List&lt;String&gt;, required): {@value}. */
    public static final String INPUTS_ATTRIBUTE = "inputs";

    /** Attribute listing the output tensor specs in model order (List&lt;String&gt;, required): {@value}. */
    public static final String OUTPUTS_ATTRIBUTE = "outputs";

    /**
     * Attribute holding the path inside the bundle of a UTF-8 properties file whose entries become the
     * {@link ModelDescriptor#metadata() metadata} (String, optional): {@value}.
     */
    public static final String METADATA_ATTRIBUTE = "metadata";

    /** The format name of ONNX models: {@value}. */
    public static final String FORMAT_ONNX = "onnx";

    /** The {@code osgi.extender} name the engine provides and model bundles require: {@value}. */
    public static final String EXTENDER_NAME = NAMESPACE;

    /** The version of the model bundle format, provided with {@link #EXTENDER_NAME}: {@value}. */
    public static final String EXTENDER_VERSION = "1.0.0";

    private ModelCapability() {
        // constants only
    }
}
