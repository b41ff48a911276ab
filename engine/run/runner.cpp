#include "engine/run/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

#include <tbb/global_control.h>

#include "engine/sim/step.h"
#include "engine/util/parallel.h"

namespace jcsim::run {

RunResult run(const model::Scenario& scenario, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  result.layout = std::make_shared<const stats::Layout>(scenario);
  const auto tables = sim::Prepared::of(scenario);  // the same for every replication
  result.replications.resize(static_cast<size_t>(options.replications));
  result.bytes_per_agent = sim::Agents::bytes_per_agent();
  std::unique_ptr<tbb::global_control> limit;
  if (options.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<size_t>(options.threads));
  const int threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  sim::RunConfig config;
  config.seed = options.seed;
  config.grain = options.grain;
  // With at least as many replications as threads, replications alone keep every core busy.
  config.parallel_agents = options.replications < threads;
  std::mutex progress_mutex;
  int done = 0;
  std::atomic<uint64_t> agent_months{0};
  std::atomic<size_t> max_agents{0};
  std::atomic<bool> cancelled{false};
  const auto one = [&](int r) {
    if (options.cancel && options.cancel->load()) {
      cancelled = true;
      return;
    }
    sim::World world(scenario, *result.layout, static_cast<uint32_t>(options.first_replication + r), config,
                     tables);
    if (!sim::run_replication(world, options.cancel)) {
      cancelled = true;
      return;
    }
    agent_months += world.agent_months;
    size_t seen = max_agents.load();
    while (world.agents.size() > seen && !max_agents.compare_exchange_weak(seen, world.agents.size())) {
    }
    result.replications[static_cast<size_t>(r)] = std::move(world.values);
    if (options.on_progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.on_progress(++done, options.replications);
    }
  };
  parallel_blocks(0, static_cast<size_t>(options.replications), 1, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) one(static_cast<int>(r));
  });
  result.cancelled = cancelled.load();
  result.agent_months = agent_months.load();
  result.max_agents = max_agents.load();
  if (!result.cancelled) result.summary = stats::summarize(*result.layout, result.replications);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

MemoryEstimate estimate_memory(const model::Scenario& s, const RunOptions& options) {
  MemoryEstimate m;
  double agents = 0;
  for (const auto& g : s.population.segments) {
    agents += g.initial_stock;
    for (const double v : g.inflow) agents += v;
  }
  for (const auto& x : s.instruments) agents += x.initial.count;
  m.expected_agents = static_cast<uint64_t>(agents * 1.1) + 64;  // Poisson inflow above its mean
  const stats::Layout layout(s);
  const uint64_t reps = static_cast<uint64_t>(std::max(options.replications, 0));
  // Each replication's values, and the summary's five moments per cell.
  m.results_bytes = (reps + 5) * layout.series_count() * static_cast<uint64_t>(s.horizon) * sizeof(double);
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const uint64_t at_once = std::min<uint64_t>(reps, static_cast<uint64_t>(std::max(threads, 1)));
  // Agent columns plus per-agent month flags and team (World::flags, team_of).
  m.agents_bytes = at_once * m.expected_agents * (sim::Agents::bytes_per_agent() + 8);
  return m;
}

std::vector<double> year_sum(const RunResult& r, const model::Scenario& s, size_t series, int year) {
  std::vector<double> out;
  for (const auto& rep : r.replications) {
    double sum = 0;
    for (int t = 0; t < s.horizon; ++t)
      if (s.month_at(t).year() == year) sum += rep.at(series, t);
    out.push_back(sum);
  }
  return out;
}

std::vector<double> year_end(const RunResult& r, const model::Scenario& s, size_t series, int year) {
  const int last = s.last_t_of_year(year);
  std::vector<double> out;
  for (const auto& rep : r.replications) out.push_back(last >= 0 ? rep.at(series, last) : 0.0);
  return out;
}

}  // namespace jcsim::run
