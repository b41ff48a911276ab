#include "engine/run/cluster.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace jcsim::run {

Cluster& local_cluster() {
  static Cluster single;
  return single;
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

Slice slice_of(int replications, int rank, int ranks) {
  const int base = replications / ranks, extra = replications % ranks;
  // The first `extra` ranks take one replication more.
  return {rank * base + std::min(rank, extra), base + (rank < extra ? 1 : 0)};
}

RunResult run_on(Cluster& cluster, const model::Scenario& scenario, const RunOptions& options) {
  if (cluster.size() == 1) return run(scenario, options);
  const auto started = std::chrono::steady_clock::now();
  const Slice slice = slice_of(options.replications, cluster.rank(), cluster.size());
  RunOptions mine = options;
  mine.first_replication = options.first_replication + slice.first;
  mine.replications = slice.count;
  // Progress is the root's slice only: the ranks run at the same pace.
  if (!cluster.root()) mine.on_progress = nullptr;
  RunResult local = run(scenario, mine);
  RunResult result;
  result.layout = local.layout;
  result.bytes_per_agent = local.bytes_per_agent;
  result.cancelled = cluster.any(local.cancelled);
  if (result.cancelled) {
    result.has_values = false;
    return result;
  }
  // Values of every replication, then two counters, in one message per rank.
  const size_t cells = local.layout->series_count() * static_cast<size_t>(scenario.horizon);
  std::vector<double> send;
  send.reserve(local.replications.size() * cells + 2);
  for (const auto& v : local.replications) send.insert(send.end(), v.data.begin(), v.data.end());
  send.push_back(static_cast<double>(local.agent_months));
  send.push_back(static_cast<double>(local.max_agents));
  const std::vector<double> all = cluster.gather(send);
  if (!cluster.root()) {
    result.has_values = false;
    return result;
  }
  size_t at = 0;
  for (int r = 0; r < cluster.size(); ++r) {
    const Slice s = slice_of(options.replications, r, cluster.size());
    for (int k = 0; k < s.count; ++k) {
      stats::Values v;
      v.horizon = scenario.horizon;
      v.data.assign(all.begin() + static_cast<std::ptrdiff_t>(at), all.begin() + static_cast<std::ptrdiff_t>(at + cells));
      result.replications.push_back(std::move(v));
      at += cells;
    }
    result.agent_months += static_cast<uint64_t>(all[at]);
    result.max_agents = std::max(result.max_agents, static_cast<size_t>(all[at + 1]));
    at += 2;
  }
  if (at != all.size()) throw std::logic_error("run_on: the gathered values do not match the slices");
  result.summary = stats::summarize(*result.layout, result.replications);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

#ifdef JCSIM_WITH_MPI
bool mpi_available() { return true; }
#else
bool mpi_available() { return false; }
std::unique_ptr<Cluster> make_mpi_cluster() { return nullptr; }
#endif

}  // namespace jcsim::run
