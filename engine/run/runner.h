// The replication driver: runs N independent replications of a scenario in parallel (oneTBB) and reduces them.
// Replication r always uses the stream (seed, r) and writes slot r, so the result does not depend on the
// thread count or on the order in which replications finish.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/stats/series.h"

namespace jcsim::run {

struct RunOptions {
  int replications = 100;
  uint64_t seed = 1;
  int threads = 0;         // 0 = all cores
  int first_replication = 0;  // run replications [first, first + replications) (MPI ranks, resumed runs)
  int grain = 4096;        // agents per parallel block inside one replication
  std::function<void(int done, int total)> on_progress;  // called from worker threads, serialised
  const std::atomic<bool>* cancel = nullptr;              // checked between months
};

struct RunResult {
  std::shared_ptr<const stats::Layout> layout;
  std::vector<stats::Values> replications;  // in replication order
  stats::Summary summary;
  bool cancelled = false;
  bool has_values = true;     // false on the MPI ranks other than 0 (engine/run/cluster.h)
  double seconds = 0;
  uint64_t agent_months = 0;  // summed over replications
  size_t bytes_per_agent = 0;
  size_t max_agents = 0;       // the largest replication
};

RunResult run(const model::Scenario& scenario, const RunOptions& options);

// What a run will hold in memory at its peak, estimated before anything is allocated: the results of every
// replication (series × months) plus the agents of the replications running at once.
struct MemoryEstimate {
  uint64_t results_bytes = 0, agents_bytes = 0;
  uint64_t expected_agents = 0;  // per replication
  uint64_t total() const { return results_bytes + agents_bytes; }
};
MemoryEstimate estimate_memory(const model::Scenario& scenario, const RunOptions& options);

// The sum over the months of calendar year `year` of a series, per replication (for yearly totals).
std::vector<double> year_sum(const RunResult& r, const model::Scenario& s, size_t series, int year);
// The value in the last simulated month of `year`, per replication (for stocks at the year's end).
std::vector<double> year_end(const RunResult& r, const model::Scenario& s, size_t series, int year);

}  // namespace jcsim::run
