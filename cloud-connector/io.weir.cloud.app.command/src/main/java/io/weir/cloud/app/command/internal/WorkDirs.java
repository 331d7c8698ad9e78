// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per-run working directories: made fresh, deleted afterwards without following symbolic links. */
final class WorkDirs {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);

    private WorkDirs() {
    }

    /**
     * @param root the parent, created if missing
     * @return a new, empty directory under it
     * @throws Refused 500 if it cannot be made
     */
    static Path fresh(Path root) throws Refused {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "run-");
        } catch (IOException e) {
            throw Refused.internal("cannot create a working directory under " + root + ": " + e);
        }
    }

    /** Deletes a tree; links are deleted, never followed. Failures are logged, not thrown. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {} completely: {}", root, e.toString());
        }
    }
}
