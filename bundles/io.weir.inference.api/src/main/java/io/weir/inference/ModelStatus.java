// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Version;

/**
 * What an engine knows about one model name: the serving version, the installed ones, the pin, the last problem
 * and the counters per version. A DTO defined by Weir: a provider type.
 *
 * @param name the model name
 * @param state whether a version serves
 * @param active the serving version, or {@code null}
 * @param pinned the version configuration pins, or {@code null}
 * @param installed versions found in model bundles, ascending, refused ones included
 * @param message the last refusal or problem, empty when none
 * @param messageAt when {@code message} was set, epoch ms (0 when none)
 * @param metrics counters of the serving version and of recent earlier ones, newest first
 */
@ProviderType
public record ModelStatus(String name, ModelState state, @Nullable Version active, @Nullable Version pinned,
        List<Version> installed, String message, long messageAt, List<ModelMetrics> metrics) {

    /**
     * Checks for {@code null} and copies the lists.
     *
     * @param name see {@link #name()}
     * @param state see {@link #state()}
     * @param active see {@link #active()}
     * @param pinned see {@link #pinned()}
     * @param installed see {@link #installed()}
     * @param message see {@link #message()}
     * @param messageAt see {@link #messageAt()}
     * @param metrics see {@link #metrics()}
     */
    public ModelStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        installed = List.copyOf(Objects.requireNonNull(installed, "installed"));
        Objects.requireNonNull(message, "message");
        metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
    }
}
