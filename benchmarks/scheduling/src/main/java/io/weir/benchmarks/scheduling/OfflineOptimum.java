// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.ojalgo.optimisation.integer.IntegerStrategy;

/**
 * The offline optimum: the design's batch assignment {@code min Σ c_ij x_ij, Σ_j x_ij = 1, Σ_i R_ij x_ij <= C_j, x
 * binary}, with the targets cut into time slots so that the capacities mean something, solved with ojAlgo's MIP over
 * the whole trace in consecutive windows, with full knowledge of the trace (actual costs, input sizes, link jitter,
 * future arrivals) and of the outage schedule.
 *
 * <p><b>Formulation.</b> Time is cut into slots of {@code Δ} ms. There are three resources: the local pool
 * ({@code W_L} cores), the uplink (one transmission at a time) and the cloud ({@code W_C} workers); resource {@code
 * r} has {@code C_r = units_r * Δ} unit-ms per slot. A column {@code (i, j, s)} runs task {@code i} on target {@code
 * j} from slot {@code s}:
 * <ul>
 * <li>local: it executes on one core over {@code [sΔ, sΔ + p_i)} with {@code sΔ >= a_i} (its arrival) and
 * completes at {@code sΔ + p_i};</li>
 * <li>cloud (offloadable tasks only): its input is sent over {@code [sΔ, sΔ + tx_i)}, {@code sΔ >= a_i}, reaches the
 * cloud after the latency {@code u_i}, executes on a worker over {@code [e, e + f p_i)}, {@code e = sΔ + tx_i +
 * u_i}, and its result is back at {@code e + f p_i + d_i}; a column whose path {@code [sΔ, result)} meets an outage
 * does not exist.</li>
 * </ul>
 * {@code c_ijs} = completion - {@code a_i}: the task's completion time. {@code R_ijs} is, per resource and slot, the
 * unit-ms of the column's interval that fall in that slot, so {@code Σ_i R x <= C_r - committed} per resource and
 * slot is the design's capacity constraint per target and time window. It bounds work per slot (a fluid packing);
 * the plan is then executed by a replay (below), which gives the reported figures.
 *
 * <p><b>Windows.</b> The whole trace is too big for one MIP (thousands of tasks times hundreds of slots), so it is
 * solved in consecutive windows of {@code batch} tasks in arrival order; each window sees the capacity that the
 * earlier windows' plans committed (a rolling horizon; later tasks are known but planned in their own window). Per
 * task and target the columns are the {@code near} slots from its earliest start and the {@code near} slots from the
 * first slot where a greedy earliest-completion plan of the window found room. The greedy plan is also the fallback
 * if the MIP finds nothing better within its time limit. The solver runs single-threaded, so a window that solves to
 * optimality within the limit always gives the same plan.
 *
 * <p><b>Replay.</b> Each target runs its tasks in the plan's order as early as the resources allow (list scheduling:
 * the next planned task on the earliest free core, the uplink sends in planned order, a cloud send whose path would
 * meet an outage waits for its end; the local pool in the plan's order or shortest-first among the arrived tasks,
 * whichever gives the lower total). It is a feasible schedule without the slot rounding; the figures reported for the
 * optimum are the replay's.
 */
final class OfflineOptimum {

    static {
        // ojAlgo's environment detection prints a note about hardware profiles to System.out; keep it out of the tables
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName("org.ojalgo.OjAlgoUtils");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        } finally {
            System.setOut(out);
        }
    }

    static final int LOCAL = 0;
    static final int CLOUD = 1;
    private static final int R_LOCAL = 0;
    private static final int R_LINK = 1;
    private static final int R_CLOUD = 2;
    private static final double EPS = 1e-6;
    /** Further columns after the greedy start, in halves of {@code near}. */
    private static final int[] LATER = {3, 4, 6, 8, 12, 16};

    /**
     * @param slotMs slot length Δ
     * @param batch tasks per window
     * @param near columns per task and target around its earliest and its greedy start
     * @param iterations the MIP's limit per window on ojAlgo's branch-and-bound iterations: the solver stops there
     *        with its best solution; being a count, not a time, it gives the same plan on any machine
     * @param safetyMs a time limit per window that only a very slow machine should reach (a window stopped by it may
     *        differ between runs; the result counts them)
     */
    record Settings(double slotMs, int batch, int near, int iterations, long safetyMs) {
    }

    /** How one window was solved. */
    enum WindowStatus { OPTIMAL, BEST_FOUND, GREEDY }

    /**
     * The optimum's result.
     *
     * @param run the replay of the plan, measured like a policy's run
     * @param planMeanMs mean completion time the MIP's plan estimated (with slot rounding)
     * @param windows windows solved
     * @param optimal windows solved to proven optimality
     * @param bestFound windows where the iteration limit stopped the solver at its best solution
     * @param greedy windows where the MIP found nothing better than the greedy plan
     * @param timedOut windows where the safety time limit stopped the solver (not reproducible)
     * @param solveMs wall time in the solver
     * @param maxColumns the largest window's number of binary variables
     * @param noWaitBoundMs mean over the tasks of the least completion time any schedule can give each (no queueing,
     *        outages respected): a true lower bound on the mean completion time of any schedule
     */
    record Result(RunResult run, double planMeanMs, int windows, int optimal, int bestFound, int greedy, int timedOut,
            double solveMs, int maxColumns, double noWaitBoundMs) {
    }

    /** A column: task {@code task} on {@code target} from slot {@code slot}. */
    private record Column(int task, int target, int slot, double start, double completion, double cost, int[] res,
            int[] slots, double[] amount) {
    }

    private final List<TraceTask> trace;
    private final Platform platform;
    private final Settings settings;
    private final double[] capacity;
    private final double[][] used = new double[3][];
    private String localSequencing = "";

    OfflineOptimum(List<TraceTask> trace, Platform platform, Settings settings) {
        this.trace = List.copyOf(trace);
        this.platform = platform;
        this.settings = settings;
        double d = settings.slotMs();
        this.capacity = new double[] {platform.localWorkers() * d, d, platform.cloudWorkers() * d};
        for (int r = 0; r < 3; r++) {
            used[r] = new double[1024];
        }
    }

    Result solve() {
        int n = trace.size();
        Column[] plan = new Column[n];
        int optimal = 0, best = 0, greedyOnly = 0, windows = 0, maxColumns = 0, timedOut = 0;
        long solveNanos = 0;
        for (int from = 0; from < n; from += settings.batch()) {
            int to = Math.min(n, from + settings.batch());
            windows++;
            // the greedy earliest-completion plan of the window: the fallback and the columns' anchor
            Column[] greedy = new Column[to - from];
            int[][] firstFit = new int[to - from][2];
            for (int i = from; i < to; i++) {
                Column bestCol = null;
                for (int j = LOCAL; j <= CLOUD; j++) {
                    Column c = firstFeasible(i, j);
                    firstFit[i - from][j] = c == null ? -1 : c.slot();
                    if (c != null && (bestCol == null || c.cost() < bestCol.cost())) {
                        bestCol = c;
                    }
                }
                greedy[i - from] = bestCol;
                commit(bestCol, 1);
            }
            for (Column c : greedy) {
                commit(c, -1);
            }
            // the MIP over the window
            List<Column> columns = new ArrayList<>();
            for (int i = from; i < to; i++) {
                TraceTask t = trace.get(i);
                for (int j = LOCAL; j <= CLOUD; j++) {
                    if (j == CLOUD && !t.task().offloadable()) {
                        continue;
                    }
                    TreeSet<Integer> slots = new TreeSet<>();
                    int e = earliestSlot(t);
                    for (int k = 0; k < settings.near(); k++) {
                        slots.add(e + k);
                    }
                    int f = firstFit[i - from][j];
                    if (f >= 0) {
                        for (int k = 0; k < settings.near(); k++) {
                            slots.add(f + k);
                        }
                        for (int m : LATER) { // room to postpone it behind shorter tasks (an SPT-like order)
                            slots.add(f + m * settings.near() / 2);
                        }
                    }
                    if (greedy[i - from].target() == j) {
                        slots.add(greedy[i - from].slot());
                    }
                    for (int s : slots) {
                        Column c = column(i, j, s);
                        if (c != null && fitsAlone(c)) {
                            columns.add(c);
                        }
                    }
                }
            }
            maxColumns = Math.max(maxColumns, columns.size());
            long t0 = System.nanoTime();
            Solved solved = solveWindow(from, to, columns);
            long took = System.nanoTime() - t0;
            solveNanos += took;
            if (took >= settings.safetyMs() * 1_000_000L) {
                timedOut++;
            }
            double greedyCost = Arrays.stream(greedy).mapToDouble(Column::cost).sum();
            Column[] chosen;
            if (solved != null && solved.cost() <= greedyCost + EPS) {
                chosen = solved.chosen();
                if (solved.optimal()) {
                    optimal++;
                } else {
                    best++;
                }
            } else {
                chosen = greedy;
                greedyOnly++;
            }
            for (int i = from; i < to; i++) {
                plan[i] = chosen[i - from];
                commit(plan[i], 1);
            }
        }
        double planMean = Arrays.stream(plan).mapToDouble(Column::cost).average().orElse(0);
        return new Result(replay(plan), planMean, windows, optimal, best, greedyOnly, timedOut, solveNanos / 1e6,
                maxColumns,
                noWaitBound());
    }

    private record Solved(Column[] chosen, double cost, boolean optimal) {
    }

    private Solved solveWindow(int from, int to, List<Column> columns) {
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] x = new Variable[columns.size()];
        Map<Integer, Expression> assign = new HashMap<>();
        Map<Long, Expression> rows = new HashMap<>();
        Map<Long, Double> demand = new HashMap<>();
        for (int k = 0; k < x.length; k++) {
            Column c = columns.get(k);
            for (int q = 0; q < c.res().length; q++) {
                demand.merge(key(c.res()[q], c.slots()[q]), c.amount()[q], Double::sum);
            }
        }
        for (int k = 0; k < x.length; k++) {
            Column c = columns.get(k);
            x[k] = model.addVariable("x" + k).binary().weight(c.cost());
            assign.computeIfAbsent(c.task(), i -> model.newExpression("task" + i).level(1)).set(x[k], 1);
            for (int q = 0; q < c.res().length; q++) {
                long key = key(c.res()[q], c.slots()[q]);
                double room = capacity[c.res()[q]] - usedAt(c.res()[q], c.slots()[q]);
                if (demand.get(key) > room + EPS) { // only rows that can bind
                    rows.computeIfAbsent(key, kk -> model.newExpression("cap" + kk).upper(Math.max(0, room)))
                            .set(x[k], c.amount()[q]);
                }
            }
        }
        if (assign.size() != to - from) {
            return null; // a task without a column: only the greedy plan has room for it
        }
        model.options.iterations_abort = settings.iterations();
        model.options.time_abort = settings.safetyMs();
        model.options.integer(IntegerStrategy.newConfigurable().withParallelism(() -> 1));
        Optimisation.Result r = model.minimise();
        if (!r.getState().isFeasible()) {
            return null;
        }
        Column[] chosen = new Column[to - from];
        double cost = 0;
        for (int k = 0; k < x.length; k++) {
            if (r.doubleValue(k) > 0.5) {
                Column c = columns.get(k);
                if (chosen[c.task() - from] != null) {
                    return null;
                }
                chosen[c.task() - from] = c;
                cost += c.cost();
            }
        }
        for (Column c : chosen) {
            if (c == null) {
                return null;
            }
        }
        // check the capacities ourselves before trusting the solution
        Map<Long, Double> load = new HashMap<>();
        for (Column c : chosen) {
            for (int q = 0; q < c.res().length; q++) {
                long key = key(c.res()[q], c.slots()[q]);
                double v = load.merge(key, c.amount()[q], Double::sum);
                if (v > capacity[c.res()[q]] - usedAt(c.res()[q], c.slots()[q]) + 1e-3) {
                    return null;
                }
            }
        }
        return new Solved(chosen, cost, r.getState().isOptimal());
    }

    private static long key(int res, int slot) {
        return ((long) slot << 2) | res;
    }

    // ---- columns

    /** @return the slot the task arrives in: a column of that slot starts at the arrival, later ones at their start */
    private int earliestSlot(TraceTask t) {
        return (int) Math.floor(t.arrivalMs() / settings.slotMs());
    }

    /** @return the column of {@code t} on {@code target} from slot {@code s}, or null if its path meets an outage */
    private Column column(int pos, int target, int s) {
        TraceTask t = trace.get(pos);
        double d = settings.slotMs();
        double start = Math.max(t.arrivalMs(), s * d);
        if (target == LOCAL) {
            double end = start + t.localExecMs();
            Spans sp = new Spans();
            sp.add(R_LOCAL, start, end, d);
            return sp.column(pos, LOCAL, s, start, end, end - t.arrivalMs());
        }
        double sendEnd = start + platform.transmitMs(t.task().inputBytes());
        double execStart = sendEnd + t.uplinkLatencyMs(platform);
        double execEnd = execStart + t.cloudExecMs(platform);
        double result = execEnd + t.downlinkMs(platform);
        if (!Double.isNaN(Outage.firstOverlapEnd(platform.outages(), start, result))) {
            return null;
        }
        Spans sp = new Spans();
        sp.add(R_LINK, start, sendEnd, d);
        sp.add(R_CLOUD, execStart, execEnd, d);
        return sp.column(pos, CLOUD, s, start, result, result - t.arrivalMs());
    }

    /** Per-slot amounts of a column's intervals on the resources. */
    private static final class Spans {
        private final List<int[]> keys = new ArrayList<>();
        private final List<Double> amounts = new ArrayList<>();

        void add(int res, double from, double to, double d) {
            if (to <= from) {
                return;
            }
            int first = (int) Math.floor(from / d);
            int last = (int) Math.ceil(to / d) - 1;
            for (int k = first; k <= last; k++) {
                double a = Math.min(to, (k + 1) * d) - Math.max(from, k * d);
                if (a > 1e-9) {
                    keys.add(new int[] {res, k});
                    amounts.add(a);
                }
            }
        }

        Column column(int task, int target, int slot, double start, double completion, double cost) {
            int[] res = new int[keys.size()];
            int[] slots = new int[keys.size()];
            double[] amount = new double[keys.size()];
            for (int q = 0; q < res.length; q++) {
                res[q] = keys.get(q)[0];
                slots[q] = keys.get(q)[1];
                amount[q] = amounts.get(q);
            }
            return new Column(task, target, slot, start, completion, cost, res, slots, amount);
        }
    }

    private double usedAt(int res, int slot) {
        return slot < used[res].length ? used[res][slot] : 0;
    }

    private boolean fitsAlone(Column c) {
        for (int q = 0; q < c.res().length; q++) {
            if (c.amount()[q] > capacity[c.res()[q]] - usedAt(c.res()[q], c.slots()[q]) + EPS) {
                return false;
            }
        }
        return true;
    }

    private Column firstFeasible(int pos, int target) {
        TraceTask t = trace.get(pos);
        if (target == CLOUD && !t.task().offloadable()) {
            return null;
        }
        int e = earliestSlot(t);
        for (int s = e; s < e + 10_000_000; s++) {
            Column c = column(pos, target, s);
            if (c != null && fitsAlone(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no room for task " + t.task().id() + " on target " + target);
    }

    private void commit(Column c, int sign) {
        for (int q = 0; q < c.res().length; q++) {
            int r = c.res()[q];
            int s = c.slots()[q];
            if (s >= used[r].length) {
                used[r] = Arrays.copyOf(used[r], Math.max(s + 1, used[r].length * 2));
            }
            used[r][s] += sign * c.amount()[q];
        }
    }

    // ---- the replay of the plan and the bound

    private RunResult replay(Column[] plan) {
        int n = plan.length;
        double[] end = new double[n];
        String[] where = new String[n];
        double[] localFree = new double[platform.localWorkers()];
        double[] cloudFree = new double[platform.cloudWorkers()];
        double localBusy = 0, cloudBusy = 0, linkBusy = 0, linkFree = 0;
        long bytes = 0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> plan[i].start())
                .thenComparingDouble(i -> trace.get(i).actualCostMs()).thenComparingInt(i -> i));
        // the local pool: the plan's order, or shortest-first among the arrived tasks if that is better
        List<Integer> local = new ArrayList<>();
        for (int i : order) {
            if (plan[i].target() == LOCAL) {
                local.add(i);
                localBusy += trace.get(i).localExecMs();
                where[i] = Simulation.LOCAL;
            }
        }
        double[] planned = new double[n];
        for (int i : local) {
            int w = argmin(localFree);
            localFree[w] = Math.max(trace.get(i).arrivalMs(), localFree[w]) + trace.get(i).localExecMs();
            planned[i] = localFree[w];
        }
        double[] spt = shortestFirst(local);
        double sumPlanned = 0, sumSpt = 0;
        for (int i : local) {
            sumPlanned += planned[i];
            sumSpt += spt[i];
        }
        localSequencing = sumSpt < sumPlanned ? "shortest first" : "plan order";
        for (int i : local) {
            end[i] = Math.min(sumSpt, sumPlanned) == sumSpt ? spt[i] : planned[i];
        }
        for (int i : order) {
            TraceTask t = trace.get(i);
            if (plan[i].target() == CLOUD) {
                double tx = platform.transmitMs(t.task().inputBytes());
                double send = Math.max(t.arrivalMs(), linkFree);
                while (true) {
                    double arrive = send + tx + t.uplinkLatencyMs(platform);
                    int w = argmin(cloudFree);
                    double execStart = Math.max(arrive, cloudFree[w]);
                    double execEnd = execStart + t.cloudExecMs(platform);
                    double result = execEnd + t.downlinkMs(platform);
                    double shift = Outage.firstOverlapEnd(platform.outages(), send, result);
                    if (!Double.isNaN(shift)) {
                        send = shift;
                        continue;
                    }
                    linkFree = send + tx;
                    cloudFree[w] = execEnd;
                    end[i] = result;
                    break;
                }
                linkBusy += tx;
                cloudBusy += t.cloudExecMs(platform);
                bytes += t.task().inputBytes();
                where[i] = Simulation.CLOUD;
            }
        }
        List<Outcome> outcomes = new ArrayList<>(n);
        double makespan = 0;
        for (int i = 0; i < n; i++) {
            outcomes.add(new Outcome(trace.get(i), Outcome.Status.COMPLETED, "completed on " + where[i], where[i],
                    end[i], false));
            makespan = Math.max(makespan, end[i]);
        }
        return new RunResult("optimum (MIP)", outcomes, localBusy, cloudBusy, linkBusy, makespan, bytes, 0, 0,
                platform);
    }

    /**
     * Non-preemptive shortest-processing-time-first list scheduling of {@code tasks} on the local pool: whenever a
     * core is free, the shortest of the tasks that have arrived starts on it.
     *
     * @return the completion instant of each task, indexed by task
     */
    private double[] shortestFirst(List<Integer> tasks) {
        double[] end = new double[trace.size()];
        List<Integer> byArrival = new ArrayList<>(tasks);
        byArrival.sort(Comparator.comparingDouble((Integer i) -> trace.get(i).arrivalMs()).thenComparingInt(i -> i));
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>(Comparator
                .comparingDouble((Integer i) -> trace.get(i).localExecMs()).thenComparingInt(i -> i));
        double[] free = new double[platform.localWorkers()];
        int next = 0;
        while (next < byArrival.size() || !ready.isEmpty()) {
            int w = argmin(free);
            double t = free[w];
            if (ready.isEmpty() && trace.get(byArrival.get(next)).arrivalMs() > t) {
                t = trace.get(byArrival.get(next)).arrivalMs();
            }
            while (next < byArrival.size() && trace.get(byArrival.get(next)).arrivalMs() <= t) {
                ready.add(byArrival.get(next++));
            }
            int i = ready.poll();
            free[w] = t + trace.get(i).localExecMs();
            end[i] = free[w];
        }
        return end;
    }

    private static int argmin(double[] a) {
        int best = 0;
        for (int k = 1; k < a.length; k++) {
            if (a[k] < a[best]) {
                best = k;
            }
        }
        return best;
    }

    /** @return mean over the tasks of min(local execution, fastest outage-free cloud path with no queueing) */
    private double noWaitBound() {
        double sum = 0;
        for (TraceTask t : trace) {
            double best = t.localExecMs();
            if (t.task().offloadable()) {
                double path = platform.transmitMs(t.task().inputBytes()) + t.uplinkLatencyMs(platform)
                        + t.cloudExecMs(platform) + t.downlinkMs(platform);
                double send = t.arrivalMs();
                double shift;
                while (!Double.isNaN(shift = Outage.firstOverlapEnd(platform.outages(), send, send + path))) {
                    send = shift;
                }
                best = Math.min(best, send + path - t.arrivalMs());
            }
            sum += best;
        }
        return trace.isEmpty() ? 0 : sum / trace.size();
    }
}
