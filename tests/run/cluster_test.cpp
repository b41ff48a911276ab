// What distributed runs rely on: the slices of K ranks cover every replication exactly once, in order, and
// replications run in slices (as the ranks of an MPI job run them) give exactly the values of one whole run.
// The MPI run itself is tested end to end by tests/cli/mpi_identical.sh (mpirun -np 2 and 3).
#include <gtest/gtest.h>

#include "engine/run/cluster.h"
#include "engine/scenario/load.h"
#include "tests/sim/builder.h"
#include "tests/support.h"

using namespace jcsim;

TEST(Cluster, SlicesCoverEveryReplicationOnceInOrder) {
  for (const int reps : {1, 2, 7, 100, 1001})
    for (int ranks = 1; ranks <= 9; ++ranks) {
      int next = 0, largest = 0, smallest = reps;
      for (int r = 0; r < ranks; ++r) {
        const auto s = run::slice_of(reps, r, ranks);
        EXPECT_EQ(s.first, next) << reps << " over " << ranks;
        next += s.count;
        largest = std::max(largest, s.count);
        smallest = std::min(smallest, s.count);
      }
      EXPECT_EQ(next, reps);
      EXPECT_LE(largest - smallest, 1) << "balanced";
    }
}

TEST(Cluster, SlicedReplicationsEqualOneWholeRun) {
  const auto tiny = test::shipped("tiny.textproto");
  run::RunOptions o;
  o.replications = 7;
  o.seed = 11;
  const auto whole = run::run(*tiny, o);
  for (const int ranks : {2, 3, 4}) {
    std::vector<double> joined;
    for (int r = 0; r < ranks; ++r) {
      const auto s = run::slice_of(o.replications, r, ranks);
      run::RunOptions part = o;
      part.first_replication = s.first;
      part.replications = s.count;
      for (const auto& v : run::run(*tiny, part).replications)
        joined.insert(joined.end(), v.data.begin(), v.data.end());
    }
    std::vector<double> expected;
    for (const auto& v : whole.replications) expected.insert(expected.end(), v.data.begin(), v.data.end());
    EXPECT_EQ(joined, expected) << ranks << " ranks";
  }
  // One process is a cluster of one.
  const auto local = run::run_on(run::local_cluster(), *tiny, o);
  ASSERT_TRUE(local.has_values);
  EXPECT_EQ(local.replications.size(), 7u);
  EXPECT_EQ(local.replications[6].data, whole.replications[6].data);
}
