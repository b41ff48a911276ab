// The world before month 0: a running cohort is the cohort the scenario declares. Its elapsed-month bins are its
// composition (how many of the running cases are how far in), apportioned in every replication, not drawn case by
// case.
#include <array>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "engine/sim/phases.h"
#include "tests/sim/builder.h"

using namespace jcsim;

// 150 running cases in bins of 0, 5-9 and 20-29 months, a bin's share spread evenly over its months: every
// replication holds 150 × a month's share of them in each month up to one (floor or ceiling), and that many on
// average. Drawn case by case, a bin's count would be binomial (the middle bin's sd ≈ 5.6).
TEST(Init, RunningCohortHoldsItsDeclaredComposition) {
  test::Params p;
  p.d1 = 40;  // longer than any elapsed month, so that no case is cut short
  p.a_fields =
      "initial { count { value: 150 } elapsed { bin { from: 0 to: 0 share: 0.58162 } "
      "bin { from: 5 to: 9 share: 0.3 } bin { from: 20 to: 29 share: 0.11838 } } }";
  const auto s = test::build(p);
  const stats::Layout layout(*s);
  std::array<double, 30> expected{};  // cases per elapsed month
  expected[0] = 150 * 0.58162;
  for (int m = 5; m <= 9; ++m) expected[static_cast<size_t>(m)] = 150 * 0.3 / 5;
  for (int m = 20; m <= 29; ++m) expected[static_cast<size_t>(m)] = 150 * 0.11838 / 10;
  constexpr int kReps = 400;
  std::array<double, 30> sum{};
  for (uint32_t rep = 0; rep < kReps; ++rep) {
    sim::World w(*s, layout, rep, sim::RunConfig{});
    sim::populate(w);
    std::array<int, 30> count{};
    int cases = 0;
    for (size_t i = 0; i < w.agents.size(); ++i) {
      if (w.agents.status[i] != static_cast<uint8_t>(sim::Status::kMeasure)) continue;
      ++cases;
      const size_t m = w.agents.months_in[i];
      ASSERT_LT(m, count.size());
      ++count[m];
    }
    ASSERT_EQ(cases, 150);
    for (size_t m = 0; m < count.size(); ++m) {
      EXPECT_GE(count[m], std::floor(expected[m])) << "month " << m << ", replication " << rep;
      EXPECT_LE(count[m], std::ceil(expected[m])) << "month " << m << ", replication " << rep;
      sum[m] += count[m];
    }
  }
  // A count is the floor or the ceiling, the ceiling with the probability of the fraction f: the mean's sd is
  // sqrt(f (1 - f) / replications), at most 0.025 here.
  for (size_t m = 0; m < sum.size(); ++m) EXPECT_NEAR(sum[m] / kReps, expected[m], 0.1) << "month " << m;
}
