// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;

/**
 * A configured field device as the rest of Weir sees it: a name, a set of channels read through one driver
 * instance, and a status. Registered as a service with the {@value #NAME_PROPERTY} property.
 *
 * <p>While it runs, an asset samples its readable channels (on its period, or as the driver reports changes)
 * and delivers one {@link io.weir.data.Record record} per sample to the {@link io.weir.data.RecordListener}
 * services that {@linkplain AssetSource select} it: source = the asset name, timestamp = the sample time,
 * values = the channels that were read successfully, named after the channels and in channel order. Channels
 * that failed are left out of that record and show in the {@link #status() status}. Delivery happens on the
 * asset's own thread, one batch at a time, in order.
 *
 * <p>Implemented only by Weir's asset component, used by consoles, shell commands and the ASSET-V1
 * management app: a provider type.
 *
 * <p>Threads: every method may be called from any thread and none blocks. Device access runs on the asset's
 * thread and is returned as a {@link Promise}. No method throws because of a device fault.
 */
@ProviderType
public interface Asset {

    /** Service property holding the {@linkplain #name() asset name}: {@value}. */
    String NAME_PROPERTY = "weir.asset.name";

    /**
     * @return the asset name, unique on the gateway, stable across restarts and used as the source of its
     *         records; never {@code null}
     */
    String name();

    /**
     * Does not block.
     *
     * @return the current status snapshot, never {@code null}
     */
    AssetStatus status();

    /**
     * Does not block.
     *
     * @return the configured channels in configuration order; unmodifiable, never {@code null}
     */
    List<Channel> channels();

    /**
     * Reads channels now, outside the sampling schedule, for example for a console or the ASSET-V1 {@code
     * read} operation. The values are returned, not emitted to record listeners, so the data stream keeps its
     * cadence.
     *
     * <p>Does not block: the read is queued on the asset's thread.
     *
     * @param channels names of the channels to read, or empty for every readable channel; not {@code null}
     * @return a promise of one result per requested channel, in request order. An unknown or write-only
     *         channel gets an error result ({@code INVALID_CHANNEL} or {@code UNSUPPORTED}), a device fault
     *         gets its error result; the promise fails only if the asset is being shut down. Never {@code
     *         null}.
     */
    Promise<List<ChannelResult>> read(List<String> channels);

    /**
     * Writes values to channels, for example for a console or the ASSET-V1 {@code write} operation.
     *
     * <p>Does not block: the write is queued on the asset's thread.
     *
     * @param values the values to write by channel name, written in the map's iteration order; not {@code
     *        null}
     * @return a promise of one result per value, in the map's order. An unknown or read-only channel gets an
     *         error result, a device fault gets its error result; the promise fails only if the asset is being
     *         shut down. Never {@code null}.
     */
    Promise<List<ChannelResult>> write(Map<String, TypedValue> values);
}
