// The engine's speed: one month step per agent and per phase, the keyed generator, and the macro benchmark of
// the EN 2024 scenario (12 months × N replications on all cores).
//
//   ./build/benchmarks/engine_bench --benchmark_filter=Phase      per phase, ns per agent
//   ./build/benchmarks/engine_bench --benchmark_filter=Macro      en2024 × 1,000 replications
//   taskset -c 1 ./build/benchmarks/engine_bench --benchmark_filter=ReplicationPhases
//                                                                  ns per agent-month of each phase where it runs
#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/random_batch.h"
#include "engine/sim/step.h"
#include "engine/util/memory.h"

namespace {

using namespace jcsim;

// As in jcsim: replications reuse the memory of the ones before (engine/util/memory.h).
const bool kMemoryKept = keep_freed_memory();

const model::Scenario& en2024() {
  static const auto loaded = scenario::load_file(std::string(JCSIM_SOURCE_DIR) + "/scenarios/en2024.textproto");
  if (!loaded.scenario) std::abort();
  return *loaded.scenario;
}

const stats::Layout& layout() {
  static const stats::Layout l(en2024());
  return l;
}

// The scenario's tables, shared by the replications as jcsim run shares them.
const std::shared_ptr<const sim::Prepared>& tables() {
  static const auto p = sim::Prepared::of(en2024());
  return p;
}

sim::RunConfig serial() {
  sim::RunConfig c;
  c.parallel_agents = false;
  return c;
}

// A world advanced to mid-year, copied fresh for every measured phase call (outside the timing; a fixed number
// of iterations, since the copy costs more than the cheap phases).
const sim::World& mid_year() {
  static const sim::World w = [] {
    sim::World world(en2024(), layout(), 0, serial());
    sim::populate(world);
    for (world.t = 0; world.t < 6; ++world.t) sim::step(world);
    return world;
  }();
  return w;
}

void BM_Philox(benchmark::State& state) {
  const sim::Stream stream{42, 7};
  uint64_t agent = 0;
  for (auto _ : state) benchmark::DoNotOptimize(stream.words(agent++, 5, sim::Purpose::kMonthly));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Philox);

// The same words for 256 agents per call (the agent phase's chunk), vectorised where the processor allows.
void BM_PhiloxBatch(benchmark::State& state) {
  const sim::Stream stream{42, 7};
  std::vector<uint64_t> ids(256);
  std::vector<sim::Stream::Words> out(ids.size());
  uint64_t next = 0;
  for (auto _ : state) {
    for (auto& id : ids) id = next++;
    sim::words_batch(stream, ids.data(), ids.size(), 5, sim::Purpose::kMonthly, 0, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ids.size()));
  state.SetLabel(sim::words_batch_vectorised() ? "avx2" : "scalar");
}
BENCHMARK(BM_PhiloxBatch);

template <void (*Phase)(sim::World&)>
void BM_Phase(benchmark::State& state) {
  std::optional<sim::World> w;
  for (auto _ : state) {
    state.PauseTiming();
    w.emplace(mid_year());
    w->reserve_for_run();  // as in a run: the inflow appends without moving the columns
    state.ResumeTiming();
    Phase(*w);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * mid_year().agents.size()));
}
BENCHMARK(BM_Phase<sim::calendar_phase>)->Name("Phase/calendar")->Iterations(200);
BENCHMARK(BM_Phase<sim::budget_year_phase>)->Name("Phase/budget_year")->Iterations(200);
BENCHMARK(BM_Phase<sim::staff_phase>)->Name("Phase/staff")->Iterations(200);
BENCHMARK(BM_Phase<sim::inflow_phase>)->Name("Phase/inflow")->Iterations(200);
BENCHMARK(BM_Phase<sim::agent_phase>)->Name("Phase/agents(exits,job_finding,progress)")->Iterations(200);
BENCHMARK(BM_Phase<sim::assignment_phase>)->Name("Phase/assignment")->Iterations(200);
BENCHMARK(BM_Phase<sim::accounting_phase>)->Name("Phase/accounting")->Iterations(200);

// One whole month step, per agent.
void BM_Step(benchmark::State& state) {
  std::optional<sim::World> w;
  for (auto _ : state) {
    state.PauseTiming();
    w.emplace(mid_year());
    w->reserve_for_run();
    state.ResumeTiming();
    sim::step(*w);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * mid_year().agents.size()));
  state.counters["bytes_per_agent"] = static_cast<double>(sim::Agents::bytes_per_agent());
  // Slots of people gone for good by mid-year: every phase still passes over them.
  const auto& status = mid_year().agents.status;
  state.counters["gone"] =
      static_cast<double>(std::count(status.begin(), status.end(), static_cast<uint8_t>(sim::Status::kGone))) /
      static_cast<double>(status.size());
}
BENCHMARK(BM_Step)->Iterations(200);

// Creating a replication's initial population (20,000 ELB and the running cohorts), per agent.
void BM_Populate(benchmark::State& state) {
  size_t agents = 0;
  uint32_t rep = 0;
  for (auto _ : state) {
    sim::World w(en2024(), layout(), rep++, serial(), tables());
    sim::populate(w);
    agents += w.agents.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(agents));
}
BENCHMARK(BM_Populate)->Unit(benchmark::kMillisecond);

// Copying a populated world instead (per agent): what each replication would cost instead of BM_Populate if the
// initial stock were drawn once per run rather than per replication (a model change README › Speed weighs).
void BM_PopulatedWorldCopy(benchmark::State& state) {
  static const sim::World populated = [] {
    sim::World w(en2024(), layout(), 0, serial(), tables());
    sim::populate(w);
    return w;
  }();
  size_t agents = 0;
  for (auto _ : state) {
    const sim::World copy = populated;
    benchmark::DoNotOptimize(copy.agents.size());
    agents += copy.agents.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(agents));
}
BENCHMARK(BM_PopulatedWorldCopy)->Unit(benchmark::kMillisecond);

// One replication of en2024 (12 months) on one core: agent-months per second. The counters say how the work
// went: the shares of agent-months that took the full steps of phases 5-7 and the plan steps only (the rest were
// quiet), the assignment
// decisions per month, and the shares of them that ended with an entry and with the person waiting.
void BM_Replication(benchmark::State& state) {
  uint64_t agent_months = 0, months = 0;
  sim::World::Work work;
  uint32_t rep = 0;
  for (auto _ : state) {
    sim::World w(en2024(), layout(), rep++, serial(), tables());
    sim::run_replication(w);
    agent_months += w.agent_months;
    months += static_cast<uint64_t>(w.s.horizon);
    work.stepped += w.work.stepped;
    work.planned += w.work.planned;
    work.decisions += w.work.decisions;
    work.entered += w.work.entered;
    work.waiting += w.work.waiting;
  }
  state.SetItemsProcessed(static_cast<int64_t>(agent_months));
  const auto share = [](uint64_t part, uint64_t whole) {
    return whole > 0 ? static_cast<double>(part) / whole : 0.0;
  };
  state.counters["stepped"] = share(work.stepped, agent_months);
  state.counters["planned"] = share(work.planned, agent_months);
  state.counters["decisions_per_month"] = share(work.decisions, months);
  state.counters["entered"] = share(work.entered, work.decisions);
  state.counters["waiting"] = share(work.waiting, work.decisions);
}
BENCHMARK(BM_Replication)->Unit(benchmark::kMillisecond);

// One replication of en2024 on one core with every phase timed where it runs (Phase/* above times one phase on a
// fresh copy of a mid-year world, its columns warm in the caches; here each phase finds them as the one before
// left them): ns per agent-month per phase, as counters. The timing itself costs a clock read per phase and month.
enum { kPopulate, kSetup, kInflow, kAgents, kAssignment, kAccounting, kPhases };
using PhaseSeconds = std::array<double, kPhases>;

// run_replication with a clock read after each phase (step()'s phases, in its order).
void run_timed(sim::World& w, PhaseSeconds& seconds) {
  using Clock = std::chrono::steady_clock;
  const auto since = [](Clock::time_point& from) {
    const auto now = Clock::now();
    const double s = std::chrono::duration<double>(now - from).count();
    from = now;
    return s;
  };
  auto at = Clock::now();
  sim::populate(w);
  seconds[kPopulate] += since(at);
  for (w.t = 0; w.t < w.s.horizon; ++w.t) {
    w.agent_months += w.agents.size();
    sim::calendar_phase(w);
    sim::budget_year_phase(w);
    sim::staff_phase(w);
    seconds[kSetup] += since(at);
    sim::inflow_phase(w);
    seconds[kInflow] += since(at);
    sim::agent_phase(w);
    seconds[kAgents] += since(at);
    sim::assignment_phase(w);
    seconds[kAssignment] += since(at);
    sim::accounting_phase(w);
    seconds[kAccounting] += since(at);
  }
  sim::finish(w);
}

void BM_ReplicationPhases(benchmark::State& state) {
  static constexpr const char* kNames[kPhases] = {
      "populate", "calendar_budget_staff", "inflow", "agents", "assignment", "accounting"};
  PhaseSeconds seconds{};
  {
    // The phases timed here must stay step()'s: the same results as run_replication.
    sim::World timed(en2024(), layout(), 0, serial(), tables()), plain(en2024(), layout(), 0, serial(), tables());
    run_timed(timed, seconds);
    sim::run_replication(plain);
    if (timed.values.data != plain.values.data) {
      state.SkipWithError("run_timed no longer runs step()'s phases");
      return;
    }
    seconds = {};
  }
  uint64_t agent_months = 0;
  uint32_t rep = 0;
  for (auto _ : state) {
    sim::World w(en2024(), layout(), rep++, serial(), tables());
    run_timed(w, seconds);
    agent_months += w.agent_months;
  }
  state.SetItemsProcessed(static_cast<int64_t>(agent_months));
  for (int k = 0; k < kPhases; ++k)
    state.counters[std::string("ns_") + kNames[k]] =
        1e9 * seconds[static_cast<size_t>(k)] / static_cast<double>(agent_months);
}
BENCHMARK(BM_ReplicationPhases)->Unit(benchmark::kMillisecond);

// The reduction of N replications of en2024 into the summary's moments (mean, sd, p05, p50, p95 of every
// series-month), which runs after the replications, on every core.
void BM_Summarize(benchmark::State& state) {
  static const auto reps = [] {
    run::RunOptions o;
    o.replications = 1000;
    return run::run(en2024(), o);
  }();
  for (auto _ : state) benchmark::DoNotOptimize(stats::summarize(*reps.layout, reps.replications));
  state.counters["cells"] =
      static_cast<double>(reps.layout->series_count() * static_cast<size_t>(reps.layout->horizon()));
}
BENCHMARK(BM_Summarize)->Unit(benchmark::kMillisecond)->UseRealTime();

// The macro benchmark: en2024, 12 months × N replications on every core.
void BM_Macro(benchmark::State& state) {
  const int threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  run::RunOptions o;
  o.replications = static_cast<int>(state.range(0));
  uint64_t agent_months = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto r = run::run(en2024(), o);
    agent_months += r.agent_months;
    seconds += r.seconds;
  }
  state.counters["agent_months_per_s"] = static_cast<double>(agent_months) / seconds;
  state.counters["agent_months_per_s_per_core"] = static_cast<double>(agent_months) / seconds / threads;
  state.counters["cores"] = threads;
}
BENCHMARK(BM_Macro)->Arg(1000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
