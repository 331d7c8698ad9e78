// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.onnxruntime.OrtEnvironment;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetrics;
import io.weir.inference.ModelState;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the engine knows, by name: the installed versions (candidates), the refused ones, and the serving
 * version.
 *
 * <p>Threads: every change runs on the one loader thread ({@code executor}), so changes never overlap; loading a
 * version (the slow part) happens there too, while the old version keeps serving. Callers of {@link #run} read the
 * serving version through an {@link AtomicReference} per name and never wait for the loader. {@link #status()}
 * reads under the registry's lock, which changes hold only briefly (never while loading).
 */
final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final int HISTORY = 5;

    /** What the registry tells the world (events). Called on the loader thread. */
    interface Listener {
        void activated(ModelDescriptor model, @Nullable Version previous, String bundle);

        void refused(String name, String version, String reason);

        void unloaded(String name, Version version, String reason);
    }

    private static final class Entry {
        final String name;
        final List<Candidate> installed = new ArrayList<>();
        final Map<Candidate, String> refused = new IdentityHashMap<>();
        /** candidates that loaded (served, or were test-loaded when they were not the one to serve) */
        final Set<Candidate> validated = Collections.newSetFromMap(new IdentityHashMap<>());
        @Nullable LoadedModel active;
        @Nullable Candidate activeCandidate;
        boolean orphaned;
        @Nullable ScheduledFuture<?> grace;
        String message = "";
        long messageAt;
        final Deque<LatencyHistogram> history = new ArrayDeque<>();
        final AtomicReference<@Nullable LoadedModel> serving = new AtomicReference<>();

        Entry(String name) {
            this.name = name;
        }
    }

    private final OrtEnvironment env;
    private final ScheduledExecutorService executor;
    private final Listener listener;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Map<String, AtomicReference<@Nullable LoadedModel>> serving = new ConcurrentHashMap<>();
    private volatile SessionSettings settings;
    private volatile Map<String, Version> pins;
    private volatile long graceMs;

    ModelRegistry(OrtEnvironment env, ScheduledExecutorService executor, Listener listener, SessionSettings settings,
            Map<String, Version> pins, long graceMs) {
        this.env = env;
        this.executor = executor;
        this.listener = listener;
        this.settings = settings;
        this.pins = Map.copyOf(pins);
        this.graceMs = graceMs;
    }

    // ---- callers' side: any thread ----

    InferenceResult run(String name, Map<String, Tensor> inputs) throws InferenceException {
        AtomicReference<@Nullable LoadedModel> ref = serving.get(name);
        for (;;) {
            LoadedModel m = ref == null ? null : ref.get();
            if (m == null) {
                throw new InferenceException("model " + name + " is not loaded" + reason(name));
            }
            if (m.tryAcquire()) {
                try {
                    return new InferenceResult(m.descriptor(), m.infer(inputs, true));
                } finally {
                    m.release();
                }
            }
            // retired between get and acquire: its successor is already in ref
        }
    }

    @Nullable
    LoadedModel serving(String name) {
        AtomicReference<@Nullable LoadedModel> ref = serving.get(name);
        return ref == null ? null : ref.get();
    }

    List<ModelDescriptor> models() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (AtomicReference<@Nullable LoadedModel> ref : serving.values()) {
            LoadedModel m = ref.get();
            if (m != null) {
                out.add(m.descriptor());
            }
        }
        out.sort(Comparator.comparing(ModelDescriptor::name));
        return List.copyOf(out);
    }

    synchronized List<ModelStatus> status() {
        List<ModelStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(status(e));
        }
        return out;
    }

    private ModelStatus status(Entry e) {
        ModelState state = e.active == null ? ModelState.UNAVAILABLE
                : e.orphaned ? ModelState.RETAINED : ModelState.ACTIVE;
        TreeSet<Version> versions = new TreeSet<>();
        for (Candidate c : e.installed) {
            versions.add(c.version());
        }
        List<ModelMetrics> metrics = new ArrayList<>();
        for (LatencyHistogram h : e.history) {
            metrics.add(h.snapshot());
        }
        return new ModelStatus(e.name, state, e.active == null ? null : e.active.descriptor().version(),
                pins.get(e.name), List.copyOf(versions), e.message, e.messageAt, metrics);
    }

    /** What the engine made of the models of one bundle. */
    enum Outcome {
        /** the bundle carries no model this engine tracks (yet) */
        NONE,
        /** at least one of its models is neither loaded nor refused yet */
        PENDING,
        /** every model of it loaded */
        LOADED,
        /** one of its models was refused: see {@link #refusal(long)} */
        REFUSED
    }

    synchronized Outcome outcome(long bundleId) {
        boolean any = false;
        boolean pending = false;
        for (Entry e : entries.values()) {
            for (Candidate c : e.installed) {
                if (c.bundleId() != bundleId) {
                    continue;
                }
                any = true;
                if (e.refused.containsKey(c)) {
                    return Outcome.REFUSED;
                }
                pending |= !e.validated.contains(c);
            }
        }
        return !any ? Outcome.NONE : pending ? Outcome.PENDING : Outcome.LOADED;
    }

    /** @return why a model of the bundle was refused, or {@code null} */
    synchronized @Nullable String refusal(long bundleId) {
        for (Entry e : entries.values()) {
            for (Map.Entry<Candidate, String> r : e.refused.entrySet()) {
                if (r.getKey().bundleId() == bundleId) {
                    return "model " + r.getKey() + " refused: " + r.getValue();
                }
            }
        }
        return null;
    }

    private synchronized String reason(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return ": no model bundle of that name is installed";
        }
        return e.message.isEmpty() ? "" : ": " + e.message;
    }

    // ---- loader thread ----

    void add(ModelBundleReader.Found found) {
        for (Map.Entry<String, String> r : found.refused().entrySet()) {
            String label = r.getKey();
            String name = label.substring(0, label.lastIndexOf(' '));
            Entry e = entry(name);
            note(e, r.getValue());
            LOG.error("model {} refused: {}", label, r.getValue());
            listener.refused(name, label.substring(label.lastIndexOf(' ') + 1), r.getValue());
        }
        for (Candidate c : found.models()) {
            Entry e = entry(c.name());
            synchronized (this) {
                for (Candidate other : e.installed) {
                    if (other.version().equals(c.version()) && other.bundleId() != c.bundleId()) {
                        String why = "model " + c.name() + " " + c.version() + " from " + c.bundle()
                                + " is also provided by " + other.bundle() + ", which came first";
                        e.refused.put(c, why);
                        note(e, why);
                    }
                }
                e.installed.add(c);
            }
            if (e.refused.containsKey(c)) {
                LOG.error("{}", e.message);
                listener.refused(c.name(), c.version().toString(), e.message);
            } else {
                LOG.info("model {} found", c);
            }
            reconcile(e);
            validateIdle(e);
        }
    }

    /**
     * Test-loads the installed versions that do not serve and were never loaded, so that a corrupt or mismatched
     * lower version is refused (and reported) when it is installed, not only when it would have to serve.
     */
    private void validateIdle(Entry e) {
        List<Candidate> idle = new ArrayList<>();
        synchronized (this) {
            for (Candidate c : e.installed) {
                if (c != e.activeCandidate && !e.refused.containsKey(c) && !e.validated.contains(c)) {
                    idle.add(c);
                }
            }
        }
        for (Candidate c : idle) {
            try {
                LoadedModel.load(env, settings, c.descriptor(), read(c), c.bundleId()).retire();
                synchronized (this) {
                    e.validated.add(c);
                }
            } catch (InferenceException | RuntimeException ex) {
                refuse(e, c, ex);
            }
        }
    }

    private static byte[] read(Candidate c) throws InferenceException {
        try {
            return c.model().read();
        } catch (IOException | IllegalStateException ex) {
            throw new InferenceException("model " + c + ": the model file cannot be read: " + ex, ex);
        }
    }

    private void refuse(Entry e, Candidate target, Exception ex) {
        String why = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        synchronized (this) {
            e.refused.put(target, why);
            note(e, "refused " + target + ": " + why);
        }
        LOG.error("model {} refused; {}", target, e.active == null ? "no version serves"
                : "version " + e.active.descriptor().version() + " keeps serving", ex);
        listener.refused(target.name(), target.version().toString(), why);
    }

    void remove(long bundleId) {
        List<Entry> touched = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                boolean hit = e.installed.removeIf(c -> c.bundleId() == bundleId);
                e.refused.keySet().removeIf(c -> c.bundleId() == bundleId);
                e.validated.removeIf(c -> c.bundleId() == bundleId);
                if (e.activeCandidate != null && e.activeCandidate.bundleId() == bundleId) {
                    e.orphaned = true;
                    hit = true;
                }
                if (hit) {
                    touched.add(e);
                }
            }
        }
        for (Entry e : touched) {
            reconcile(e);
        }
    }

    void pins(Map<String, Version> newPins) {
        this.pins = Map.copyOf(newPins);
        for (String name : newPins.keySet()) {
            entry(name);
        }
        for (Entry e : new ArrayList<>(entries.values())) {
            reconcile(e);
        }
    }

    /** New session options: every serving version is loaded again with them and swapped. */
    void settings(SessionSettings s, long newGraceMs) {
        this.graceMs = newGraceMs;
        if (s.equals(settings)) {
            return;
        }
        this.settings = s;
        for (Entry e : new ArrayList<>(entries.values())) {
            if (e.activeCandidate != null && !e.orphaned) {
                Candidate c = e.activeCandidate;
                synchronized (this) {
                    e.activeCandidate = null; // forces a reload of the same candidate
                }
                if (!load(e, c)) {
                    reconcile(e);
                }
            }
        }
    }

    void close() {
        synchronized (this) {
            for (Entry e : entries.values()) {
                cancelGrace(e);
                e.serving.set(null);
                if (e.active != null) {
                    e.active.retire();
                    e.active = null;
                    e.activeCandidate = null;
                }
            }
            entries.clear();
            serving.clear();
        }
    }

    private synchronized Entry entry(String name) {
        return entries.computeIfAbsent(name, n -> {
            Entry e = new Entry(n);
            serving.put(n, e.serving);
            return e;
        });
    }

    private void reconcile(Entry e) {
        for (;;) {
            Candidate target = choose(e);
            if (target == null) {
                if (e.active != null && e.orphaned) {
                    if (!e.refused.isEmpty()) {
                        cancelGrace(e);
                        synchronized (this) {
                            note(e, "serving " + e.active.descriptor().version() + " although its bundle is gone, "
                                    + "because its replacement was refused: " + e.refused.values().iterator().next());
                        }
                    } else if (e.grace == null && !executor.isShutdown()) {
                        long ms = graceMs;
                        e.grace = executor.schedule(() -> graceOver(e), ms, TimeUnit.MILLISECONDS);
                        LOG.info("model {} {}: bundle stopped; keeps serving for up to {} ms while a replacement may "
                                + "arrive", e.name, e.active.descriptor().version(), ms);
                    }
                } else if (e.active == null && !e.installed.isEmpty()) {
                    synchronized (this) {
                        note(e, "no installed version can be loaded: " + String.join("; ", e.refused.values()));
                    }
                }
                return;
            }
            if (target == e.activeCandidate) {
                cancelGrace(e);
                synchronized (this) {
                    noteServing(e, target);
                }
                return;
            }
            if (load(e, target)) {
                return;
            }
        }
    }

    /** @return true if the target now serves; false if it was refused (and recorded so) */
    private boolean load(Entry e, Candidate target) {
        LoadedModel m;
        long t0 = System.nanoTime();
        try {
            m = LoadedModel.load(env, settings, target.descriptor(), read(target), target.bundleId());
        } catch (InferenceException | RuntimeException ex) {
            refuse(e, target, ex);
            return false;
        }
        LoadedModel old;
        synchronized (this) {
            old = e.active;
            e.active = m;
            e.activeCandidate = target;
            e.validated.add(target);
            e.orphaned = false;
            cancelGrace(e);
            e.serving.set(m);
            e.history.addFirst(m.metrics());
            while (e.history.size() > HISTORY) {
                e.history.removeLast();
            }
            noteServing(e, target);
        }
        Version previous = old == null ? null : old.descriptor().version();
        LOG.info("model {} {} serving (from {}, loaded and warmed in {} ms){}", target.name(), target.version(),
                target.bundle(), (System.nanoTime() - t0) / 1_000_000,
                previous == null ? "" : "; replaces " + previous);
        if (old != null) {
            old.retire();
        }
        listener.activated(target.descriptor(), previous, target.bundle());
        return true;
    }

    private @Nullable Candidate choose(Entry e) {
        Version pin = pins.get(e.name);
        Candidate best = null;
        synchronized (this) {
            for (Candidate c : e.installed) {
                if (e.refused.containsKey(c)) {
                    continue;
                }
                if (pin != null && pin.equals(c.version())) {
                    return c;
                }
                if (best == null || c.version().compareTo(best.version()) > 0) {
                    best = c;
                }
            }
        }
        return best;
    }

    private void graceOver(Entry e) {
        e.grace = null;
        if (e.active == null || !e.orphaned || choose(e) != null || !e.refused.isEmpty()) {
            return;
        }
        LoadedModel old;
        synchronized (this) {
            old = e.active;
            e.active = null;
            e.activeCandidate = null;
            e.orphaned = false;
            e.serving.set(null);
            note(e, "unloaded: no version is installed");
        }
        LOG.info("model {} {} unloaded: its bundle is gone and no other version is installed", e.name,
                old.descriptor().version());
        old.retire();
        listener.unloaded(e.name, old.descriptor().version(), "no version installed");
    }

    private static void cancelGrace(Entry e) {
        ScheduledFuture<?> g = e.grace;
        if (g != null) {
            g.cancel(false);
            e.grace = null;
        }
    }

    /** Under the lock: the report once {@code target} serves: a missing pin, else nothing if no refusal is left. */
    private void noteServing(Entry e, Candidate target) {
        Version pin = pins.get(e.name);
        if (pin != null && !pin.equals(target.version())) {
            note(e, "pinned version " + pin + " is not installed; serving " + target.version());
        } else if (e.refused.isEmpty()) {
            e.message = "";
            e.messageAt = 0;
        }
    }

    private static void note(Entry e, String message) {
        e.message = message;
        e.messageAt = System.currentTimeMillis();
    }
}
