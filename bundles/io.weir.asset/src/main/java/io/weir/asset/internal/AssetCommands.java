// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.promise.Promise;

import io.weir.asset.Asset;
import io.weir.asset.AssetStatus;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;

/**
 * Gogo shell commands {@code weir:assets} and {@code weir:read}. They return plain text, which the shell
 * prints.
 *
 * <p>The {@code osgi.command.*} properties are written out rather than set with Gogo's {@code @GogoCommand}
 * property type, because that annotation also adds a mandatory requirement on the Gogo runtime to the bundle,
 * and assets must run on gateways without a shell.
 */
@Component(service = AssetCommands.class, property = {
    AssetCommands.SCOPE_PROPERTY + "=weir",
    AssetCommands.FUNCTION_PROPERTY + "=assets",
    AssetCommands.FUNCTION_PROPERTY + "=read"})
public final class AssetCommands {

    static final String SCOPE_PROPERTY = "osgi.command.scope";
    static final String FUNCTION_PROPERTY = "osgi.command.function";
    /** How long {@code weir:read} waits for the asset's answer. */
    static final long READ_TIMEOUT_MS = 30_000;

    private final Map<Asset, Map<String, Object>> assets = new ConcurrentHashMap<>();

    @Activate
    public AssetCommands() {
        // no configuration
    }

    @Reference(service = Asset.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindAsset", updated = "updatedAsset")
    void bindAsset(Asset asset, Map<String, Object> properties) {
        assets.put(asset, Map.copyOf(properties));
    }

    void updatedAsset(Asset asset, Map<String, Object> properties) {
        assets.put(asset, Map.copyOf(properties));
    }

    void unbindAsset(Asset asset) {
        assets.remove(asset);
    }

    /** @return one block per asset: name, status, driver, period and channels */
    @Descriptor("lists the assets with their status and channels")
    public String assets() {
        List<Map.Entry<Asset, Map<String, Object>>> list = new ArrayList<>(assets.entrySet());
        if (list.isEmpty()) {
            return "no assets";
        }
        list.sort(Comparator.comparing(e -> e.getKey().name()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Asset, Map<String, Object>> e : list) {
            Asset a = e.getKey();
            AssetStatus s = a.status();
            Object period = e.getValue().get(AssetSettings.PERIOD_ATTRIBUTE);
            out.append(a.name()).append("  ").append(s.state()).append(" (").append(s.reason()).append(") since ")
                    .append(Instant.ofEpochMilli(s.since())).append("  driver=")
                    .append(e.getValue().get(AssetSettings.DRIVER_ATTRIBUTE)).append("  ")
                    .append(Long.valueOf(0).equals(period) ? "listen" : "period=" + period + "ms").append('\n');
            if (!s.message().isEmpty()) {
                out.append("  ").append(s.message()).append('\n');
            }
            for (Channel c : a.channels()) {
                out.append("  ").append(c.name()).append("  ").append(c.type()).append("  ").append(c.mode());
                if (!c.settings().isEmpty()) {
                    out.append("  ");
                    StringBuilder settings = new StringBuilder();
                    c.settings().forEach((k, v) -> settings.append(settings.length() == 0 ? "" : ", ").append(k)
                            .append('=').append(ChannelBinding.display(v)));
                    out.append(settings);
                }
                out.append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    /**
     * @param asset the asset name
     * @param channels channel names, none for every readable channel
     * @return one line per channel: name, value or error status
     */
    @Descriptor("reads channels of an asset now and prints their values")
    public String read(@Descriptor("the asset name") String asset,
            @Descriptor("channel names; none for every readable channel") String... channels) {
        Asset a = find(asset);
        if (a == null) {
            List<String> names = assets.keySet().stream().map(Asset::name).sorted().toList();
            return "no asset named " + asset + "; assets: " + (names.isEmpty() ? "none" : String.join(", ", names));
        }
        Promise<List<ChannelResult>> promise = a.read(channels == null ? List.of() : Arrays.asList(channels));
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        try {
            if (!done.await(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return "asset " + asset + " did not answer within " + READ_TIMEOUT_MS + " ms";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        List<ChannelResult> results;
        try {
            Throwable failure = promise.getFailure();
            if (failure != null) {
                return "asset " + asset + ": " + failure.getMessage();
            }
            results = promise.getValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (InvocationTargetException e) {
            return "asset " + asset + ": " + e.getCause();
        }
        StringBuilder out = new StringBuilder();
        for (ChannelResult r : results) {
            out.append(r.channel()).append("  ");
            if (r.isOk()) {
                out.append(r.value().type()).append(' ').append(ChannelBinding.display(r.value())).append("  @")
                        .append(Instant.ofEpochMilli(r.timestamp()));
            } else {
                out.append(Outcome.describe(r.status()));
            }
            out.append('\n');
        }
        return out.length() == 0 ? "asset " + asset + " has no readable channels" : out.toString().stripTrailing();
    }

    private Asset find(String name) {
        for (Asset a : assets.keySet()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
