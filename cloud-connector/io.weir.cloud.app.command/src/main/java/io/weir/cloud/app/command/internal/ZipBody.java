// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a request's ZIP body into a working directory, all or nothing. Everything is first unpacked into a
 * fresh staging directory and checked; only then are the files moved into place. Refused with 400, nothing
 * written to the working directory: an entry name that is absolute, has a drive letter, a backslash or a
 * {@code ..} segment; a symbolic-link entry; duplicate or conflicting entries; an entry that would replace an
 * existing file or land on an allowlisted executable (unlike Kura, nothing is ever overwritten); an entry whose local name is not
 * in the central directory; too many entries; an entry or a total that unpacks to more than the limits (counted
 * on the bytes actually inflated, not on the sizes the archive claims); a working-directory path on the way to
 * an entry that is a symbolic link or not a directory. Unix execute bits recorded in the archive are kept for
 * the owner.
 */
final class ZipBody {

    /**
     * Caps on one body.
     *
     * @param maxTotalBytes unpacked bytes of all entries
     * @param maxEntryBytes unpacked bytes of one entry
     * @param maxEntries entries, directories included
     */
    record Limits(long maxTotalBytes, long maxEntryBytes, int maxEntries) {
        Limits {
            if (maxTotalBytes < 1 || maxEntryBytes < 1 || maxEntries < 1) {
                throw new IllegalArgumentException("body.max.* limits must be >= 1");
            }
        }
    }

    private ZipBody() {
    }

    /**
     * @param zip the archive
     * @param target the working directory; exists
     * @param stagingRoot where the staging directory is made; created if missing
     * @param limits the caps
     * @param protectedPaths paths no entry may land on (the allowlisted executables)
     * @return the number of files unpacked
     * @throws Refused 400 if the archive is refused, 500 if the gateway cannot write
     */
    static int extract(byte[] zip, Path target, Path stagingRoot, Limits limits, Set<Path> protectedPaths)
            throws Refused {
        Map<String, Integer> modes = ZipDirectory.read(zip, limits.maxEntries());
        Path staging;
        try {
            Files.createDirectories(stagingRoot);
            staging = Files.createTempDirectory(stagingRoot, "unzip-");
        } catch (IOException e) {
            throw Refused.internal("cannot create a staging directory under " + stagingRoot + ": " + e);
        }
        try {
            List<Path> files = unpack(zip, staging, modes, limits);
            List<Path> all = listAll(staging);
            check(all, staging, target, protectedPaths);
            move(all, staging, target);
            return files.size();
        } finally {
            WorkDirs.deleteTree(staging);
        }
    }

    private static List<Path> unpack(byte[] zip, Path staging, Map<String, Integer> modes, Limits limits)
            throws Refused {
        List<Path> files = new ArrayList<>();
        long total = 0;
        int entries = 0;
        byte[] buf = new byte[8192];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String name = e.getName();
                if (++entries > limits.maxEntries()) {
                    throw Refused.badRequest("ZIP body has more than " + limits.maxEntries() + " entries");
                }
                if (!modes.containsKey(name)) {
                    throw Refused.badRequest("ZIP entry '" + name + "' is not in the central directory");
                }
                Path p = safePath(staging, name);
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                    continue;
                }
                Files.createDirectories(p.getParent());
                long size = 0;
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    for (int n; (n = in.read(buf)) > 0;) {
                        size += n;
                        total += n;
                        if (size > limits.maxEntryBytes()) {
                            throw Refused.badRequest("ZIP entry '" + name + "' unpacks to more than "
                                    + limits.maxEntryBytes() + " bytes");
                        }
                        if (total > limits.maxTotalBytes()) {
                            throw Refused.badRequest("ZIP body unpacks to more than " + limits.maxTotalBytes()
                                    + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
                if ((modes.get(name) & 0111) != 0) {
                    makeExecutable(p);
                }
                files.add(p);
            }
        } catch (FileAlreadyExistsException e) {
            throw Refused.badRequest("ZIP body has duplicate or conflicting entries: "
                    + staging.relativize(Path.of(e.getFile())));
        } catch (ZipException | IllegalArgumentException e) {
            throw Refused.badRequest("ZIP body is malformed: " + e.getMessage());
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    && Path.of(f.getFile()).startsWith(staging)) {
                // "Not a directory" and the like: a file entry used as a directory
                throw Refused.badRequest("ZIP body has conflicting entries: " + f.getReason());
            }
            throw Refused.internal("cannot unpack the ZIP body: " + e);
        }
        return files;
    }

    /** @return where an entry goes under {@code root}, or refused if the name could escape it */
    static Path safePath(Path root, String name) throws Refused {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw Refused.badRequest("ZIP entry name '" + name + "' is empty or has a NUL or a backslash");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw Refused.badRequest("ZIP entry '" + name + "' has an absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw Refused.badRequest("ZIP entry '" + name + "' points outside the working directory");
            }
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw Refused.badRequest("ZIP entry '" + name + "' points outside the working directory");
        }
        return p;
    }

    private static void makeExecutable(Path p) {
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
    }

    private static List<Path> listAll(Path staging) throws Refused {
        try (Stream<Path> s = Files.walk(staging)) {
            return s.filter(p -> !p.equals(staging)).sorted().toList();
        } catch (IOException e) {
            throw Refused.internal("cannot list the unpacked ZIP body: " + e);
        }
    }

    /**
     * Every path on the way must be a real directory (no symbolic link); a file may not replace anything that
     * exists, nor land on an allowlisted path.
     */
    private static void check(List<Path> all, Path staging, Path target, Set<Path> protectedPaths)
            throws Refused {
        for (Path staged : all) {
            Path rel = staging.relativize(staged);
            Path t = target;
            for (int i = 0; i < rel.getNameCount(); i++) {
                t = t.resolve(rel.getName(i));
                boolean last = i == rel.getNameCount() - 1;
                if (Files.isSymbolicLink(t)) {
                    throw Refused.badRequest("ZIP entry '" + rel + "': " + target.relativize(t)
                            + " is a symbolic link in the working directory");
                }
                boolean exists = Files.exists(t, LinkOption.NOFOLLOW_LINKS);
                boolean stagedDir = !last || Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS);
                if (exists && !(stagedDir && Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS))) {
                    throw Refused.badRequest("ZIP entry '" + rel + "' would replace " + target.relativize(t)
                            + ", which exists in the working directory");
                }
            }
            if (protectedPaths.contains(t.toAbsolutePath().normalize())) {
                throw Refused.badRequest("ZIP entry '" + rel + "' would create the allowlisted executable " + t);
            }
        }
    }

    private static void move(List<Path> all, Path staging, Path target) throws Refused {
        try {
            for (Path staged : all) {
                Path t = target.resolve(staging.relativize(staged));
                if (Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.move(staged, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw Refused.internal("cannot move the unpacked ZIP body into " + target + ": " + e);
        }
    }
}
