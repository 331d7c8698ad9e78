// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** Reads the {@code weir.model} capabilities of a bundle into {@link Candidate}s. */
final class ModelBundleReader {

    /** What a bundle holds: models to load, and declarations refused before loading (with the reason). */
    record Found(List<Candidate> models, Map<String, String> refused) {
    }

    private ModelBundleReader() {
    }

    /**
     * @param bundle a bundle
     * @param extender the engine's bundle
     * @return {@code null} if the bundle is not a model bundle for this extender
     */
    static @Nullable Found read(Bundle bundle, Bundle extender, long maxModelBytes) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> caps = revision.getDeclaredCapabilities(ModelCapability.NAMESPACE);
        if (caps.isEmpty() || !wiredTo(bundle, extender)) {
            return null;
        }
        String who = bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId() + ")";
        List<Candidate> models = new ArrayList<>();
        Map<String, String> refused = new TreeMap<>();
        for (BundleCapability cap : caps) {
            Map<String, Object> a = cap.getAttributes();
            String format = String.valueOf(a.getOrDefault(ModelCapability.FORMAT_ATTRIBUTE, ""));
            if (!ModelCapability.FORMAT_ONNX.equals(format)) {
                continue; // another engine's model
            }
            Object name = a.get(ModelCapability.NAME_ATTRIBUTE);
            String label = (name == null ? "?" : name) + " " + a.getOrDefault(ModelCapability.VERSION_ATTRIBUTE, "?");
            try {
                models.add(candidate(bundle, who, a, maxModelBytes));
            } catch (IllegalArgumentException | IOException e) {
                refused.put(label, "model bundle " + who + ": " + e.getMessage());
            }
        }
        return new Found(models, refused);
    }

    /** @return whether {@link #read} would find ONNX models in the bundle (without reading them) */
    static boolean isModelBundle(Bundle bundle, Bundle extender) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null || !wiredTo(bundle, extender)) {
            return false;
        }
        for (BundleCapability cap : revision.getDeclaredCapabilities(ModelCapability.NAMESPACE)) {
            if (ModelCapability.FORMAT_ONNX.equals(cap.getAttributes().get(ModelCapability.FORMAT_ATTRIBUTE))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wiredTo(Bundle bundle, Bundle extender) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        List<BundleWire> wires = wiring.getRequiredWires("osgi.extender");
        if (wires == null) {
            return false;
        }
        for (BundleWire w : wires) {
            if (ModelCapability.EXTENDER_NAME.equals(w.getCapability().getAttributes().get("osgi.extender"))) {
                return w.getProviderWiring().getBundle().equals(extender);
            }
        }
        return false; // no extender requirement: not meant for us (the builder always adds it)
    }

    private static Candidate candidate(Bundle bundle, String who, Map<String, Object> a, long maxModelBytes)
            throws IOException {
        String name = required(a, ModelCapability.NAME_ATTRIBUTE);
        Object v = a.get(ModelCapability.VERSION_ATTRIBUTE);
        if (!(v instanceof Version version)) {
            throw new IllegalArgumentException("attribute version must be declared as version:Version=..., was "
                    + v);
        }
        String file = required(a, ModelCapability.FILE_ATTRIBUTE);
        List<TensorSpec> inputs = specs(a, ModelCapability.INPUTS_ATTRIBUTE);
        List<TensorSpec> outputs = specs(a, ModelCapability.OUTPUTS_ATTRIBUTE);
        Map<String, String> metadata = new TreeMap<>();
        Object metadataPath = a.get(ModelCapability.METADATA_ATTRIBUTE);
        if (metadataPath != null) {
            URL url = entry(bundle, metadataPath.toString());
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(url.openStream(), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                metadata.put(k, p.getProperty(k));
            }
        }
        URL model = entry(bundle, file); // present now; read when this version is loaded
        ModelDescriptor d = new ModelDescriptor(name, version, ModelCapability.FORMAT_ONNX, inputs, outputs, metadata);
        return new Candidate(d, () -> readAll(model, maxModelBytes, file), bundle.getBundleId(), who);
    }

    private static String required(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("the weir.model capability has no attribute " + key);
        }
        return v.toString();
    }

    private static List<TensorSpec> specs(Map<String, Object> a, String key) {
        Object v = a.get(key);
        List<TensorSpec> specs = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                specs.add(TensorSpec.parse(o.toString()));
            }
        } else if (v != null) {
            throw new IllegalArgumentException("attribute " + key + " must be declared as " + key
                    + ":List<String>=\"...\", was " + v);
        } else {
            throw new IllegalArgumentException("the weir.model capability has no attribute " + key);
        }
        return specs;
    }

    private static URL entry(Bundle bundle, String path) {
        URL url = bundle.getEntry(path);
        if (url == null) {
            throw new IllegalArgumentException("the bundle has no entry " + path);
        }
        return url;
    }

    private static byte[] readAll(URL url, long max, String path) throws IOException {
        try (InputStream in = url.openStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
                if (total > max) {
                    throw new IllegalArgumentException(path + " is larger than the " + max
                            + " bytes allowed (maxModelBytes)");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
