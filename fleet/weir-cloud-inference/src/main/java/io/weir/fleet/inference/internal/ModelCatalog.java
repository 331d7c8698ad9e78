// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import ai.onnxruntime.OrtEnvironment;
import io.weir.fleet.inference.RefusedModel;
import io.weir.fleet.inference.ServedModel;
import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.model.builder.ModelBundleInfo;
import io.weir.model.builder.ModelBundles;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a service offers: every model bundle ({@code *.jar}) directly in the models directory, read with {@link
 * ModelBundles#inspect(Path)} and loaded in ONNX Runtime once, at start. One service per model name, {@code
 * inference/<name>}: the highest version that loads (as on the gateway); lower versions of the same name, jars that
 * are not model bundles and models that ONNX Runtime refuses or that do not match their declared specs are listed
 * as refused, with the reason. Immutable after {@link #scan}; thread-safe.
 */
public final class ModelCatalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final Map<String, OnnxModel> models;
    private final List<ServedModel> served;
    private final List<RefusedModel> refused;

    private ModelCatalog(Map<String, OnnxModel> models, List<ServedModel> served, List<RefusedModel> refused) {
        this.models = models;
        this.served = List.copyOf(served);
        this.refused = List.copyOf(refused);
    }

    private record Candidate(Path jar, ModelBundleInfo info) {
        ModelDescriptor descriptor() {
            return info.descriptor();
        }
    }

    /**
     * Reads and loads every model bundle in a directory.
     *
     * @param directory the models directory
     * @param intraOpThreads ONNX Runtime threads per call, for every session
     * @return the catalog; possibly empty
     * @throws IllegalArgumentException if the directory does not exist or is not a directory
     * @throws UncheckedIOException if the directory cannot be listed
     */
    public static ModelCatalog scan(Path directory, int intraOpThreads) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("models directory " + directory + " does not exist or is not a "
                    + "directory");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models directory " + directory + ": " + e, e);
        }
        List<RefusedModel> refused = new ArrayList<>();
        Map<String, List<Candidate>> byName = new TreeMap<>();
        for (Path jar : jars) {
            try {
                ModelBundleInfo info = ModelBundles.inspect(jar);
                if (!ModelCapability.FORMAT_ONNX.equals(info.descriptor().format())) {
                    refused.add(new RefusedModel(jar, "model format '" + info.descriptor().format()
                            + "'; this service runs " + ModelCapability.FORMAT_ONNX + " models"));
                    continue;
                }
                byName.computeIfAbsent(info.descriptor().name(), n -> new ArrayList<>()).add(new Candidate(jar, info));
            } catch (IOException | IllegalArgumentException e) {
                refused.add(new RefusedModel(jar, "not a model bundle: " + e.getMessage()));
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxModel> models = new LinkedHashMap<>();
        List<ServedModel> served = new ArrayList<>();
        for (List<Candidate> candidates : byName.values()) {
            // highest version first; between equal versions the first file name wins (the list is sorted by name)
            candidates.sort(Comparator.comparing((Candidate c) -> c.descriptor().version()).reversed());
            Candidate chosen = null;
            for (Candidate c : candidates) {
                if (chosen != null) {
                    refused.add(new RefusedModel(c.jar(), "model " + c.descriptor().name() + " "
                            + c.descriptor().version() + " is not served: version " + chosen.descriptor().version()
                            + " from " + chosen.jar().getFileName() + " is"));
                    continue;
                }
                try {
                    OnnxModel model = OnnxModel.load(env, c.descriptor(), modelFile(c), intraOpThreads);
                    models.put(model.service(), model);
                    served.add(new ServedModel(model.service(), c.descriptor().name(),
                            c.descriptor().version().toString(), c.jar(), c.descriptor().inputs(),
                            c.descriptor().outputs()));
                    chosen = c;
                } catch (IOException | IllegalArgumentException e) {
                    refused.add(new RefusedModel(c.jar(), e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }
        }
        for (RefusedModel r : refused) {
            LOG.warn("not serving {}: {}", r.jar(), r.reason());
        }
        return new ModelCatalog(models, served, refused);
    }

    private static byte[] modelFile(Candidate c) throws IOException {
        try (JarFile jar = new JarFile(c.jar().toFile())) {
            ZipEntry entry = jar.getEntry(c.info().modelFile());
            if (entry == null) {
                throw new IOException(c.jar() + " has no entry " + c.info().modelFile());
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    /** @return the services' names, unmodifiable */
    public Set<String> services() {
        return Collections.unmodifiableSet(models.keySet());
    }

    /** @return the model of a service, or {@code null} if it is not offered */
    @Nullable OnnxModel model(String service) {
        return models.get(service);
    }

    /** @return what is served, in model name order */
    public List<ServedModel> served() {
        return served;
    }

    /** @return the jars not served, and why */
    public List<RefusedModel> refused() {
        return refused;
    }

    /** Closes every session; only once no inference is in flight. */
    @Override
    public void close() {
        models.values().forEach(OnnxModel::close);
    }
}
