// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;
import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;

/** Writes the jar of a model bundle with bnd: manifest headers, entries, reproducible output. */
final class BundleJar {

    /** The namespace of the extender requirement (OSGi {@code ExtenderNamespace}): {@value}. */
    static final String EXTENDER_NAMESPACE = "osgi.extender";

    private BundleJar() {
    }

    /**
     * @param info what the bundle describes
     * @param bundleName the {@code Bundle-Name}, if any
     * @param description the {@code Bundle-Description}, if any
     * @param onnx the model file
     * @param metadata the metadata file, if any
     * @return the jar's bytes
     * @throws IllegalStateException when bnd reports an error
     */
    static byte[] write(ModelBundleInfo info, @Nullable String bundleName, @Nullable String description,
            byte[] onnx, byte @Nullable [] metadata) {
        try (Analyzer analyzer = new Analyzer()) {
            Jar jar = new Jar(info.symbolicName());
            analyzer.setJar(jar);
            jar.putResource(info.modelFile(), new EmbeddedResource(onnx, 0L));
            String metadataFile = info.metadataFile();
            if (metadata != null && metadataFile != null) {
                jar.putResource(metadataFile, new EmbeddedResource(metadata, 0L));
            }
            analyzer.setProperty(Constants.BUNDLE_SYMBOLICNAME, info.symbolicName());
            analyzer.setProperty(Constants.BUNDLE_VERSION, info.descriptor().version().toString());
            if (bundleName != null) {
                analyzer.setProperty(Constants.BUNDLE_NAME, bundleName);
            }
            if (description != null) {
                analyzer.setProperty(Constants.BUNDLE_DESCRIPTION, description);
            }
            analyzer.setProperty(Constants.PROVIDE_CAPABILITY, capability(info).toString());
            analyzer.setProperty(Constants.REQUIRE_CAPABILITY, extenderRequirement().toString());
            // no build-host headers, fixed entry times: the same inputs give the same bytes
            analyzer.setProperty(Constants.NOEXTRAHEADERS, "true");
            analyzer.setProperty(Constants.REPRODUCIBLE, "true");
            // a resource-only bundle: nothing to import or export
            analyzer.setProperty(Constants.IMPORT_PACKAGE, "");
            analyzer.setProperty(Constants.EXPORT_PACKAGE, "");
            // bnd would default Bundle-Name to the symbolic name: only what was asked for goes in
            analyzer.setProperty(Constants.REMOVEHEADERS, Constants.PRIVATE_PACKAGE
                    + (bundleName == null ? "," + Constants.BUNDLE_NAME : ""));
            Manifest manifest = analyzer.calcManifest();
            if (!analyzer.isOk()) {
                throw new IllegalStateException("bnd could not build the bundle " + info.symbolicName() + ": "
                        + analyzer.getErrors());
            }
            jar.setManifest(manifest);
            // -reproducible reaches a Jar only through a bnd Builder: fixed entry times must be set here
            jar.setReproducible("true");
            ByteArrayOutputStream out = new ByteArrayOutputStream(onnx.length + 4096);
            jar.write(out);
            return out.toByteArray();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("bnd could not build the bundle " + info.symbolicName() + ": " + e, e);
        }
    }

    /** @return the {@value ModelCapability#NAMESPACE} capability of the bundle */
    static Parameters capability(ModelBundleInfo info) {
        ModelDescriptor d = info.descriptor();
        Attrs a = new Attrs();
        a.put(ModelCapability.NAME_ATTRIBUTE, d.name());
        a.put(ModelCapability.VERSION_ATTRIBUTE, Attrs.Type.VERSION, d.version().toString());
        a.put(ModelCapability.FORMAT_ATTRIBUTE, d.format());
        a.put(ModelCapability.FILE_ATTRIBUTE, info.modelFile());
        a.put(ModelCapability.INPUTS_ATTRIBUTE, Attrs.Type.STRINGS, specs(d.inputs()));
        a.put(ModelCapability.OUTPUTS_ATTRIBUTE, Attrs.Type.STRINGS, specs(d.outputs()));
        String metadataFile = info.metadataFile();
        if (metadataFile != null) {
            a.put(ModelCapability.METADATA_ATTRIBUTE, metadataFile);
        }
        Parameters p = new Parameters();
        p.put(ModelCapability.NAMESPACE, a);
        return p;
    }

    /** @return the requirement on the model extender, {@code [major, major + 1)} of the format version */
    static Parameters extenderRequirement() {
        int major = org.osgi.framework.Version.parseVersion(ModelCapability.EXTENDER_VERSION).getMajor();
        Attrs a = new Attrs();
        a.put(Constants.FILTER_DIRECTIVE, "(&(" + EXTENDER_NAMESPACE + "="
                + ModelCapability.EXTENDER_NAME + ")(version>=" + major + ".0)(!(version>=" + (major + 1)
                + ".0)))");
        Parameters p = new Parameters();
        p.put(EXTENDER_NAMESPACE, a);
        return p;
    }

    private static String specs(List<TensorSpec> specs) {
        // entries never contain ',' (OnnxSignature refuses such names), so no escaping is needed
        return specs.stream().map(TensorSpec::format).collect(Collectors.joining(","));
    }
}
