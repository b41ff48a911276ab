// The MPI cluster, built only with JCSIM_MPI=ON. Collective calls use MPI's own datatypes (no serialisation of
// the values): gatherv of doubles, a broadcast of bytes, a logical-or reduction.
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>

#include "engine/run/cluster.h"

namespace jcsim::run {

namespace {

class MpiCluster final : public Cluster {
 public:
  int rank() const override { return world_.rank(); }
  int size() const override { return world_.size(); }

  std::vector<double> gather(const std::vector<double>& local) override {
    const int n = static_cast<int>(local.size());
    std::vector<int> sizes;
    boost::mpi::gather(world_, n, sizes, 0);
    if (!root()) {
      boost::mpi::gatherv(world_, local.data(), n, 0);
      return {};
    }
    size_t total = 0;
    for (const int s : sizes) total += static_cast<size_t>(s);
    std::vector<double> all(total);
    boost::mpi::gatherv(world_, local.data(), n, all.data(), sizes, 0);
    return all;
  }

  std::string broadcast(const std::string& text) override {
    std::string out = text;
    boost::mpi::broadcast(world_, out, 0);
    return out;
  }

  bool any(bool flag) override {
    int mine = flag ? 1 : 0, all = 0;
    boost::mpi::all_reduce(world_, mine, all, boost::mpi::maximum<int>());
    return all != 0;
  }

 private:
  // One environment for the process: MPI_Init on the first cluster, MPI_Finalize at exit.
  static boost::mpi::environment& environment() {
    static boost::mpi::environment env(boost::mpi::threading::funneled);
    return env;
  }
  boost::mpi::communicator world_ = (environment(), boost::mpi::communicator());
};

}  // namespace

std::unique_ptr<Cluster> make_mpi_cluster() { return std::make_unique<MpiCluster>(); }

}  // namespace jcsim::run
