// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.weir.data.TypedValue;
import io.weir.deployment.DownloadRequest;

class DownloadOptionsTest {

    @Test
    void acceptsExactlyWhatKapuaSendsIncludingTheBlockSizeQuirk() throws Exception {
        DownloadOptions o = DownloadOptions.parse(Payloads.kapuaDownload().build());

        assertThat(o.jobId()).isEqualTo(4711L);
        assertThat(o.name()).isEqualTo("demo");
        assertThat(o.version()).isEqualTo("1.0.0");
        assertThat(o.uri()).isEqualTo(URI.create("http://repo.example.com/pkgs/demo_1.0.0.dp"));
        assertThat(o.install()).isTrue();
        assertThat(o.force()).isFalse();
        assertThat(o.blockSize()).isEqualTo(51200);
        assertThat(o.notifyBlockSize()).as("absent: the agent's default (every 5 %)").isZero();
        assertThat(o.timeoutMillis()).isEqualTo(60000);

        DownloadRequest r = o.toRequest("KapuaPool-1-2");
        assertThat(r.jobId()).isEqualTo(4711L);
        assertThat(r.requester()).isEqualTo("KapuaPool-1-2");
        assertThat(r.install()).isTrue();
        assertThat(r.blockSize()).isEqualTo(51200);
        assertThat(r.notifyBlockSize()).isZero();
        assertThat(r.connectTimeoutMillis()).isEqualTo(60000);
        assertThat(r.hash()).isNull();
        assertThat(r.username()).isNull();
    }

    @Test
    void onlyTheRequiredMetricsAreEnoughAndDefaultsApply() throws Exception {
        DownloadOptions o = DownloadOptions.parse(Payloads.with().put("job.id", TypedValue.ofLong(1))
                .put("dp.name", TypedValue.ofString("n")).put("dp.version", TypedValue.ofString("1.0"))
                .put("dp.uri", TypedValue.ofString("https://h/n.dp"))
                .put("dp.download.protocol", TypedValue.ofString("http"))
                .put("dp.install.system.update", TypedValue.ofBoolean(false)).build());
        assertThat(o.install()).as("dp.install defaults to true").isTrue();
        assertThat(o.force()).isFalse();
        assertThat(o.blockSize()).isZero();
        assertThat(o.reboot()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({ "job.id,INT64", "dp.name,STRING", "dp.version,STRING", "dp.uri,STRING",
            "dp.download.protocol,STRING", "dp.install.system.update,BOOL" })
    void everyRequiredMetricIsRequired(String metric, String type) {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload().remove(metric).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("metric " + metric + " (" + type + ") is required");
    }

    @ParameterizedTest
    @CsvSource({ "job.id,INT64,INT32", "dp.name,STRING,INT64", "dp.version,STRING,INT64",
            "dp.uri,STRING,INT64", "dp.download.protocol,STRING,INT64", "dp.install.system.update,BOOL,STRING",
            "dp.install,BOOL,STRING", "dp.download.force,BOOL,INT32", "dp.download.resume,BOOL,INT32",
            "dp.download.block.size,INT32,INT64", "dp.download.block.delay,INT32,INT64",
            "dp.download.timeout,INT32,INT64", "dp.download.notify.block.size,INT32,INT64",
            "dp.download.hash,STRING,INT32", "dp.download.username,STRING,INT32",
            "dp.download.password,STRING,INT32", "dp.reboot,BOOL,STRING", "dp.reboot.delay,INT32,INT64",
            "dp.install.verifier.uri,STRING,BOOL" })
    void aMetricOfTheWrongTypeIsNamed(String metric, String expected, String sent) {
        TypedValue wrong;
        switch (sent) {
            case "INT32":
                wrong = TypedValue.ofInteger(1);
                break;
            case "INT64":
                wrong = TypedValue.ofLong(1L);
                break;
            case "BOOL":
                wrong = TypedValue.ofBoolean(true);
                break;
            default:
                wrong = TypedValue.ofString("1");
                break;
        }
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload().put(metric, wrong).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("metric " + metric + " must be " + expected + ", was " + sent);
    }

    @Test
    void aSystemUpdateScriptIsRefused() {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.install.system.update", TypedValue.ofBoolean(true)).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("dp.install.system.update=true")
                .hasMessageContaining("does not run downloaded scripts");
    }

    @ParameterizedTest
    @ValueSource(strings = { "FTP", "HTTPS", "" })
    void onlyHttpIsAProtocol(String protocol) {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.download.protocol", TypedValue.ofString(protocol)).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("dp.download.protocol");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Http", "http", "HTTP" })
    void theProtocolIsCaseInsensitive(String protocol) throws Exception {
        assertThat(DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.download.protocol", TypedValue.ofString(protocol)).build()).name()).isEqualTo("demo");
    }

    @ParameterizedTest
    @ValueSource(strings = { "file:///etc/passwd", "ftp://h/x.dp", "not a uri", "/relative/x.dp", "http:opaque" })
    void theUriMustBeAnAbsoluteHttpUrl(String uri) {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.uri", TypedValue.ofString(uri)).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("dp.uri");
    }

    @Test
    void negativeSizesAreRefused() {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.download.block.size", TypedValue.ofInteger(-1)).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("metric dp.download.block.size must not be negative, was -1");
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.name", TypedValue.ofString(" ")).build()))
                .isInstanceOf(BadRequestException.class).hasMessage("metric dp.name must not be empty");
    }

    @Test
    void credentialsAndHashArePassedOnAndThePasswordIsNeverPrinted() throws Exception {
        DownloadOptions o = DownloadOptions.parse(Payloads.kapuaDownload()
                .put("dp.download.username", TypedValue.ofString("alice"))
                .put("dp.download.password", TypedValue.ofString("s3cret-pw"))
                .put("dp.download.hash", TypedValue.ofString("SHA-256:abcd"))
                .put("dp.download.notify.block.size", TypedValue.ofInteger(1024)).build());
        DownloadRequest r = o.toRequest("req");
        assertThat(r.username()).isEqualTo("alice");
        assertThat(r.password()).isEqualTo("s3cret-pw");
        assertThat(r.hash()).isEqualTo("SHA-256:abcd");
        assertThat(r.notifyBlockSize()).isEqualTo(1024);
        assertThat(o.toString()).contains("alice").doesNotContain("s3cret-pw");
    }
}
