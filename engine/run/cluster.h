// Where replications run: one process (the default), or the ranks of an MPI job (`mpirun -np K jcsim ...`).
//
// A run is split into contiguous slices of replications, one per rank; every rank simulates its slice with the
// replication numbers it would have in one process, and rank 0 gathers the values in replication order. Because
// every random draw is keyed by (seed, replication, person, month, purpose), the gathered values — and so every
// output — are byte-identical to a single-process run for any number of ranks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/run/runner.h"

namespace jcsim::run {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  bool root() const { return rank() == 0; }
  // Rank 0 receives every rank's `local` concatenated in rank order; the other ranks receive nothing.
  virtual std::vector<double> gather(const std::vector<double>& local) { return local; }
  // Every rank receives rank 0's `text`.
  virtual std::string broadcast(const std::string& text) { return text; }
  // True on every rank when `flag` is true on any rank (a signal that reached only some ranks stops all).
  virtual bool any(bool flag) { return flag; }
};

// The single process.
Cluster& local_cluster();

// True when this process was started by an MPI launcher (mpirun, srun with PMI/PMIx).
bool launched_by_mpi();

// Whether this build can join an MPI job (JCSIM_MPI=ON).
bool mpi_available();

// The ranks of this MPI job (MPI is initialised on the first call and finalised at exit); nullptr when jcsim was
// built without MPI (JCSIM_MPI=OFF).
std::unique_ptr<Cluster> make_mpi_cluster();

// The replications [first, first + count) of `options` that rank `rank` of `ranks` runs.
struct Slice {
  int first = 0, count = 0;
};
Slice slice_of(int replications, int rank, int ranks);

// `run` with the replications spread over the cluster's ranks. Rank 0's result holds every replication in order
// and the summary; the other ranks' results hold neither (has_values is false). Every rank must call it.
RunResult run_on(Cluster& cluster, const model::Scenario& scenario, const RunOptions& options);

}  // namespace jcsim::run
