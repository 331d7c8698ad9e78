// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The executables a request may run. An entry is either an absolute path or a bare name (no {@code /}).
 * <ul>
 * <li>A path-qualified executable ({@code /usr/bin/uptime}, {@code ./run.sh}; relative ones against the working
 * directory) is allowed only if it equals an absolute entry after normalising, or names the same file as one.</li>
 * <li>A bare executable ({@code uptime}) is allowed if the name is an entry, or if it is found on the search path
 * as an absolute entry.</li>
 * </ul>
 * What runs is always an absolute path: the entry as the administrator wrote it, or the file the search path
 * found for a bare name. So a request can never make a different file run than the one that was checked, and no
 * later PATH lookup happens. Immutable.
 */
final class Allowlist {

    private final Set<String> names;
    private final Set<Path> paths;

    private Allowlist(Set<String> names, Set<Path> paths) {
        this.names = Set.copyOf(names);
        this.paths = Set.copyOf(paths);
    }

    /**
     * @param entries the configured entries; blank ones are ignored
     * @return the allowlist
     * @throws IllegalArgumentException if an entry is neither an absolute path nor a bare name
     */
    static Allowlist of(List<String> entries) {
        Set<String> names = new LinkedHashSet<>();
        Set<Path> paths = new LinkedHashSet<>();
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (!isPathQualified(e)) {
                names.add(e);
                continue;
            }
            Path p;
            try {
                p = Path.of(e);
            } catch (InvalidPathException x) {
                throw new IllegalArgumentException("allowlist entry '" + e + "' is not a valid path");
            }
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("allowlist entry '" + e
                        + "' must be an absolute path or a bare name");
            }
            paths.add(p.normalize());
        }
        return new Allowlist(names, paths);
    }

    /** @return the absolute entries, normalised */
    Set<Path> paths() {
        return paths;
    }

    /** @return whether nothing may run */
    boolean isEmpty() {
        return names.isEmpty() && paths.isEmpty();
    }

    /**
     * Checks an executable and finds the file to run.
     *
     * @param executable the first token of the command
     * @param searchPath the PATH the executable is looked up on ({@link File#pathSeparator}-separated), or
     *        {@code null}
     * @param workingDirectory against which a relative path-qualified executable is resolved
     * @return the absolute path to run
     * @throws Refused 400 if the executable is not allowed, 500 if an allowed bare name is not on the path
     */
    Path resolve(String executable, @Nullable String searchPath, Path workingDirectory) throws Refused {
        if (executable.isEmpty() || executable.indexOf('\0') >= 0) {
            throw Refused.badRequest("command not allowed: '" + executable + "'");
        }
        if (isPathQualified(executable)) {
            Path p;
            try {
                p = workingDirectory.resolve(executable).normalize();
            } catch (InvalidPathException e) {
                throw Refused.badRequest("command not allowed: " + executable);
            }
            Path allowed = matchPath(p);
            if (allowed == null) {
                throw Refused.badRequest("command not allowed: " + executable);
            }
            return allowed;
        }
        Path found = search(executable, searchPath);
        if (names.contains(executable)) {
            if (found == null) {
                throw Refused.internal("command not found on the PATH: " + executable);
            }
            return found;
        }
        Path allowed = found == null ? null : matchPath(found);
        if (allowed == null) {
            throw Refused.badRequest("command not allowed: " + executable);
        }
        return allowed;
    }

    private @Nullable Path matchPath(Path p) {
        if (paths.contains(p)) {
            return p;
        }
        if (!Files.exists(p)) {
            return null;
        }
        for (Path allowed : paths) {
            try {
                if (Files.exists(allowed) && Files.isSameFile(p, allowed)) {
                    return allowed;
                }
            } catch (IOException e) {
                // unreadable: not a match
            }
        }
        return null;
    }

    /**
     * Looks a bare name up as a shell would: the first executable regular file in the PATH's directories. Empty
     * and relative PATH entries (which would mean the current directory) are skipped.
     */
    static @Nullable Path search(String name, @Nullable String searchPath) {
        if (searchPath == null) {
            return null;
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path d = Path.of(dir);
                if (!d.isAbsolute()) {
                    continue;
                }
                Path candidate = d.resolve(name).normalize();
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (InvalidPathException e) {
                // skip
            }
        }
        return null;
    }

    private static boolean isPathQualified(String s) {
        return s.indexOf('/') >= 0 || s.indexOf(File.separatorChar) >= 0;
    }

    @Override
    public String toString() {
        return "Allowlist" + names + paths;
    }
}
