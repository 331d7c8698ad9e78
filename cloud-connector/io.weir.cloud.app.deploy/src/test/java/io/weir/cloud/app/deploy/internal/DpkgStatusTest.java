// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.app.deploy.internal.DpkgStatus.SystemPackage;

class DpkgStatusTest {

    private static Path statusFile() throws URISyntaxException {
        return Path.of(DpkgStatusTest.class.getResource("/dpkg/status").toURI());
    }

    @Test
    void readsOnlyInstalledPackagesSortedByName() throws Exception {
        assertThat(DpkgStatus.read(statusFile())).containsExactly(
                new SystemPackage("adduser", "3.134", "DEB"),
                new SystemPackage("bash", "5.2.15-2+b7", "DEB"),
                new SystemPackage("zlib1g", "1:1.2.13.dfsg-1", "DEB"));
    }

    @Test
    void aMissingFileIsAnEmptyList(@TempDir Path dir) throws Exception {
        assertThat(DpkgStatus.read(dir.resolve("no-such-status"))).isEmpty();
    }

    @Test
    void toleratesNoTrailingNewlineAndCrLf() throws Exception {
        assertThat(DpkgStatus.parse(new StringReader(
                "Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n\r\nPackage: b\nVersion: 2\n"
                        + "Status: install  ok\tinstalled")))
                .containsExactly(new SystemPackage("a", "1", "DEB"), new SystemPackage("b", "2", "DEB"));
    }

    @Test
    void emptyInput() throws Exception {
        assertThat(DpkgStatus.parse(new StringReader(""))).isEmpty();
    }
}
