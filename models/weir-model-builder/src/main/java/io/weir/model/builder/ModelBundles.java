// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.framework.Version;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Processor;
import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;

/**
 * Reads model bundles back: what their {@value ModelCapability#NAMESPACE} capability declares, checked against
 * the entries the jar really has. Reading does not load the model in ONNX Runtime.
 */
public final class ModelBundles {

    private ModelBundles() {
    }

    /**
     * @param jar a model bundle
     * @return what it declares
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a well-formed model bundle, saying why
     */
    public static ModelBundleInfo inspect(Path jar) throws IOException {
        return inspect(Files.readAllBytes(jar), jar.toString());
    }

    /**
     * @param jar a model bundle's bytes
     * @return what it declares
     * @throws IllegalArgumentException when it is not a well-formed model bundle, saying why
     */
    public static ModelBundleInfo inspect(byte[] jar) {
        return inspect(jar, "jar");
    }

    private static ModelBundleInfo inspect(byte[] bytes, String what) {
        Map<String, byte[]> entries = entries(bytes, what);
        byte[] mf = entries.get(JarFile.MANIFEST_NAME);
        if (mf == null) {
            throw new IllegalArgumentException(what + " has no " + JarFile.MANIFEST_NAME);
        }
        Manifest manifest;
        try {
            manifest = new Manifest(new ByteArrayInputStream(mf));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": unreadable manifest: " + e.getMessage(), e);
        }
        String bsnHeader = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw new IllegalArgumentException(what + " is not a bundle: no " + Constants.BUNDLE_SYMBOLICNAME);
        }
        String bsn = OSGiHeader.parseHeader(bsnHeader).keySet().iterator().next();
        Attrs cap = single(what, ModelCapability.NAMESPACE,
                OSGiHeader.parseHeader(manifest.getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY)),
                "capability");
        requireExtender(what, manifest);

        String name = required(what, cap, ModelCapability.NAME_ATTRIBUTE);
        if (cap.getType(ModelCapability.VERSION_ATTRIBUTE) != Attrs.Type.VERSION) {
            throw new IllegalArgumentException(what + ": attribute " + ModelCapability.VERSION_ATTRIBUTE
                    + " must be typed :Version");
        }
        Version version = Version.parseVersion(required(what, cap, ModelCapability.VERSION_ATTRIBUTE));
        String format = required(what, cap, ModelCapability.FORMAT_ATTRIBUTE);
        String file = required(what, cap, ModelCapability.FILE_ATTRIBUTE);
        if (!entries.containsKey(file)) {
            throw new IllegalArgumentException(what + ": the model file " + file + " is not in the bundle");
        }
        List<TensorSpec> inputs = specs(what, cap, ModelCapability.INPUTS_ATTRIBUTE);
        List<TensorSpec> outputs = specs(what, cap, ModelCapability.OUTPUTS_ATTRIBUTE);
        String metadataFile = cap.get(ModelCapability.METADATA_ATTRIBUTE);
        SortedMap<String, String> metadata = new TreeMap<>();
        if (metadataFile != null) {
            byte[] m = entries.get(metadataFile);
            if (m == null) {
                throw new IllegalArgumentException(what + ": the metadata file " + metadataFile
                        + " is not in the bundle");
            }
            metadata = MetadataFile.read(m, what + " " + metadataFile);
        }
        try {
            return new ModelBundleInfo(bsn, new ModelDescriptor(name, version, format, inputs, outputs, metadata),
                    file, metadataFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static void requireExtender(String what, Manifest manifest) {
        Parameters requirements = OSGiHeader.parseHeader(
                manifest.getMainAttributes().getValue(Constants.REQUIRE_CAPABILITY));
        String needle = "(" + BundleJar.EXTENDER_NAMESPACE + "=" + ModelCapability.EXTENDER_NAME + ")";
        for (Map.Entry<String, Attrs> e : requirements.entrySet()) {
            String filter = e.getValue().get(Constants.FILTER_DIRECTIVE);
            if (Processor.removeDuplicateMarker(e.getKey()).equals(BundleJar.EXTENDER_NAMESPACE) && filter != null
                    && filter.contains(needle)) {
                return;
            }
        }
        throw new IllegalArgumentException(what + " does not require the " + BundleJar.EXTENDER_NAMESPACE + " "
                + ModelCapability.EXTENDER_NAME + ": no engine would load it");
    }

    private static Attrs single(String what, String namespace, Parameters header, String kind) {
        List<Attrs> found = new ArrayList<>();
        header.forEach((key, attrs) -> {
            if (Processor.removeDuplicateMarker(key).equals(namespace)) {
                found.add(attrs);
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException(what + (found.isEmpty() ? " is not a model bundle: no " + namespace
                    + " " + kind : " declares " + found.size() + " " + namespace + " " + kind + "s; expected one"));
        }
        return found.get(0);
    }

    private static String required(String what, Attrs attrs, String key) {
        String v = attrs.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + ": the " + ModelCapability.NAMESPACE
                    + " capability has no attribute " + key);
        }
        return v;
    }

    private static List<TensorSpec> specs(String what, Attrs attrs, String key) {
        String raw = attrs.get(key);
        if (raw == null) {
            throw new IllegalArgumentException(what + ": the " + ModelCapability.NAMESPACE
                    + " capability has no attribute " + key);
        }
        if (attrs.getType(key) != Attrs.Type.STRINGS) {
            throw new IllegalArgumentException(what + ": attribute " + key + " must be typed :List<String>");
        }
        List<TensorSpec> specs = new ArrayList<>();
        if (raw.isEmpty()) {
            return specs;
        }
        for (String s : attrs.getTyped(Attrs.LIST_STRING, key)) {
            try {
                specs.add(TensorSpec.parse(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": attribute " + key + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    private static Map<String, byte[]> entries(byte[] jar, String what) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    zip.transferTo(out);
                    entries.put(e.getName(), out.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not a readable jar file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(what + ": not a jar file (no entries)");
        }
        return entries;
    }
}
