// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A model bundle that {@link ModelBundle.Builder#build()} has checked and assembled: the jar's bytes and what it
 * declares. Immutable.
 */
public final class BuiltModelBundle {

    private final byte[] jar;
    private final ModelBundleInfo info;

    BuiltModelBundle(byte[] jar, ModelBundleInfo info) {
        this.jar = jar;
        this.info = info;
    }

    /** @return a copy of the jar's bytes */
    public byte[] jar() {
        return jar.clone();
    }

    /** @return what the bundle declares: symbolic name, model descriptor, entries */
    public ModelBundleInfo info() {
        return info;
    }

    /**
     * Writes the jar, replacing the file atomically where the file system allows (a temporary file in the same
     * folder, then a move), so that a reader never sees half a bundle. Creates missing parent folders.
     *
     * @param file the target, for example {@code target/io.weir.model.vibration-anomaly-1.0.0.jar}
     * @return the file
     * @throws IOException when it cannot be written
     */
    public Path writeTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, jar);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /**
     * Writes every entry of the jar, the manifest included, as files under a folder: for a build tool that packs
     * the bundle itself (the Maven template {@code weir-model-parent} lets bnd-maven-plugin pack them with this
     * manifest as it is). Existing files are replaced, and the folder's {@value ModelBundle#MODEL_FOLDER} folder
     * is emptied first, so that a model file of an earlier build under another name does not stay behind.
     *
     * @param folder the folder, for example {@code target/model-bundle}; created if missing
     * @return the folder
     * @throws IOException when a file cannot be written
     */
    public Path extractTo(Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Path models = root.resolve(ModelBundle.MODEL_FOLDER);
        if (Files.isDirectory(models)) {
            try (Stream<Path> old = Files.walk(models)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry " + e.getName() + " lies outside " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return folder;
    }

    @Override
    public String toString() {
        return info + ", " + jar.length + " bytes";
    }
}
