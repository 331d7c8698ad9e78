// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.weir.inference.InferenceEngine;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The real {@link OnnxInferenceEngine} outside OSGi: built by its activation constructor with the configuration's
 * defaults and a stub {@link BundleContext} that has no bundles (so its bundle tracker finds none), then fed model
 * versions the way its tracker does: {@code registry.add(found)} on the engine's own loader thread.
 */
final class EngineHarness implements AutoCloseable {

    final OnnxInferenceEngine engine;
    final EngineConfig config = defaults();
    private final ModelRegistry registry;
    private final ScheduledThreadPoolExecutor loader;
    /** System.nanoTime() when the loader thread began, and when it finished, the last {@link #offer}ed version */
    volatile long loaderStart;
    volatile long loaderEnd;

    EngineHarness() throws ReflectiveOperationException {
        engine = new OnnxInferenceEngine(stubContext(), config);
        registry = (ModelRegistry) field("registry");
        loader = (ScheduledThreadPoolExecutor) field("loader");
    }

    /** @return the engine, as the gateway's stages see it */
    InferenceEngine api() {
        return engine;
    }

    /** @return the session settings the engine runs with (its configuration defaults) */
    SessionSettings settings() {
        return SessionSettings.of(config);
    }

    /** Hands a model version to the registry on the loader thread and returns at once, as the bundle tracker does. */
    void offer(Candidate c) {
        ModelBundleReader.Found found = new ModelBundleReader.Found(List.of(c), Map.of());
        loader.execute(() -> {
            loaderStart = System.nanoTime();
            try {
                registry.add(found);
            } catch (RuntimeException e) {
                System.err.println("model registry update failed: " + e);
            }
            loaderEnd = System.nanoTime();
        });
    }

    /** Removes a bundle's versions (the tracker's removedBundle), and waits until the loader has done it. */
    void remove(long bundleId) throws Exception {
        loader.submit(() -> registry.remove(bundleId)).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the loader thread has run everything handed to it so far. */
    void idle() throws Exception {
        loader.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        engine.deactivate();
    }

    private Object field(String name) throws ReflectiveOperationException {
        Field f = OnnxInferenceEngine.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(engine);
    }

    /** @return the engine's configuration with every attribute at its declared default */
    static EngineConfig defaults() {
        InvocationHandler h = (proxy, m, args) -> {
            Object d = m.getDefaultValue();
            if (d != null) {
                return d;
            }
            return switch (m.getName()) {
                case "annotationType" -> EngineConfig.class;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "EngineConfig(defaults)";
                default -> throw new UnsupportedOperationException(m.getName());
            };
        };
        return (EngineConfig) Proxy.newProxyInstance(EngineConfig.class.getClassLoader(),
                new Class<?>[] { EngineConfig.class }, h);
    }

    private static BundleContext stubContext() {
        Bundle self = (Bundle) stub(Bundle.class, (proxy, m, args) -> switch (m.getName()) {
            case "getBundleId" -> 0L;
            case "getSymbolicName" -> "io.weir.inference.onnx";
            case "getState" -> Bundle.ACTIVE;
            default -> objectMethod(proxy, m, args, "engine bundle (stub)");
        });
        return (BundleContext) stub(BundleContext.class, (proxy, m, args) -> switch (m.getName()) {
            case "getBundle" -> self;
            case "getBundles" -> new Bundle[0];
            case "addBundleListener", "removeBundleListener" -> null;
            default -> objectMethod(proxy, m, args, "bundle context (stub)");
        });
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args, String name) {
        return switch (m.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> name;
            default -> throw new UnsupportedOperationException(name + ": " + m.getName());
        };
    }

    private static Object stub(Class<?> type, InvocationHandler h) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, h);
    }
}
