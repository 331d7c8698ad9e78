// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a ZIP archive's central directory for what {@link java.util.zip.ZipInputStream} does not tell: the Unix
 * file mode of each entry (symbolic links, execute bits). The JDK would unpack a symbolic-link entry as a regular
 * file holding the link target; such entries are refused instead, so a request never believes it made a link.
 * ZIP64 archives are refused: a command body is far below their sizes.
 */
final class ZipDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int HOST_UNIX = 3;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    private ZipDirectory() {
    }

    /**
     * @param zip the archive
     * @param maxEntries refuse archives with more entries
     * @return every entry name mapped to its Unix mode, 0 if the archive records none
     * @throws Refused 400 if the archive is not a ZIP archive, is ZIP64, has too many entries or a symbolic link
     */
    static Map<String, Integer> read(byte[] zip, int maxEntries) throws Refused {
        int eocd = -1;
        for (int i = zip.length - EOCD_SIZE; i >= 0 && i >= zip.length - EOCD_SIZE - 0xFFFF; i--) {
            if (u32(zip, i) == EOCD_SIGNATURE) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw Refused.badRequest("body is not a ZIP archive");
        }
        int count = u16(zip, eocd + 10);
        long size = u32(zip, eocd + 12) & 0xFFFFFFFFL;
        long offset = u32(zip, eocd + 16) & 0xFFFFFFFFL;
        if (count == 0xFFFF || offset == 0xFFFFFFFFL) {
            throw Refused.badRequest("ZIP64 archives are not supported");
        }
        if (count > maxEntries) {
            throw Refused.badRequest("ZIP body has more than " + maxEntries + " entries");
        }
        if (offset + size > eocd) {
            throw Refused.badRequest("ZIP body is malformed: central directory out of bounds");
        }
        Map<String, Integer> modes = new HashMap<>();
        int p = (int) offset;
        for (int n = 0; n < count; n++) {
            if (p + 46 > eocd || u32(zip, p) != CEN_SIGNATURE) {
                throw Refused.badRequest("ZIP body is malformed: bad central directory entry " + n);
            }
            int host = (u16(zip, p + 4) >> 8) & 0xFF;
            int nameLen = u16(zip, p + 28);
            int extraLen = u16(zip, p + 30);
            int commentLen = u16(zip, p + 32);
            int attrs = u32(zip, p + 38);
            if (p + 46 + nameLen > eocd) {
                throw Refused.badRequest("ZIP body is malformed: central directory name out of bounds");
            }
            String name = new String(zip, p + 46, nameLen, StandardCharsets.UTF_8);
            int mode = host == HOST_UNIX ? (attrs >>> 16) & 0xFFFF : 0;
            if ((mode & S_IFMT) == S_IFLNK) {
                throw Refused.badRequest("ZIP entry '" + name + "' is a symbolic link");
            }
            if (modes.put(name, mode) != null) {
                throw Refused.badRequest("ZIP body has duplicate entries: " + name);
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return modes;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int u32(byte[] b, int i) {
        return u16(b, i) | u16(b, i + 2) << 16;
    }
}
