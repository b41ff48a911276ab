// The summary's moments: mean, sd and type-7 quantiles of each series-month over replications
// (stats::moments_of, stats::summarize).
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "engine/model/scenario.h"
#include "engine/stats/series.h"

namespace {

using jcsim::stats::Moments;
using jcsim::stats::moments_of;
using jcsim::stats::sorted_quantile;

// The quantiles as a full sort gives them.
Moments by_sorting(std::vector<double> v) {
  Moments m = moments_of(v);
  std::sort(v.begin(), v.end());
  m.p05 = sorted_quantile(v, 0.05);
  m.p50 = sorted_quantile(v, 0.50);
  m.p95 = sorted_quantile(v, 0.95);
  return m;
}

TEST(Moments, QuantilesAreType7LikeRAndNumpy) {
  // numpy.quantile([1..10], [0.05, 0.5, 0.95]) = 1.45, 5.5, 9.55; the sample sd is sqrt(55 / 6).
  const auto m = moments_of({7, 3, 10, 1, 5, 9, 2, 8, 4, 6});
  EXPECT_DOUBLE_EQ(m.mean, 5.5);
  EXPECT_DOUBLE_EQ(m.sd, std::sqrt(55.0 / 6));
  EXPECT_DOUBLE_EQ(m.p05, 1.45);
  EXPECT_DOUBLE_EQ(m.p50, 5.5);
  EXPECT_DOUBLE_EQ(m.p95, 9.55);
  const auto one = moments_of({4});
  EXPECT_EQ(one.p05, 4);
  EXPECT_EQ(one.p95, 4);
  EXPECT_EQ(one.sd, 0);
}

// Quantiles come from selection, not a sort: for every size, with ties and without, they are the sort's values.
TEST(Moments, SelectedQuantilesEqualTheSortedOnes) {
  std::mt19937_64 gen(20261207);
  for (const size_t n : {1, 2, 3, 4, 7, 19, 20, 21, 100, 1000, 1001}) {
    for (const int distinct : {1, 2, 6, 1000000}) {
      std::uniform_int_distribution<int> value(0, distinct - 1);
      std::vector<double> v(n);
      for (auto& x : v) x = value(gen) * 0.25 - 3;
      const auto got = moments_of(v), want = by_sorting(v);
      EXPECT_EQ(got.p05, want.p05) << n << " values of " << distinct;
      EXPECT_EQ(got.p50, want.p50) << n << " values of " << distinct;
      EXPECT_EQ(got.p95, want.p95) << n << " values of " << distinct;
    }
  }
}

// Every cell is the moments of its series-month over the replications, whatever the number of threads.
TEST(Summary, EachCellIsItsColumnsMomentsForAnyThreadCount) {
  jcsim::model::Scenario scenario;
  scenario.horizon = 5;
  const jcsim::stats::Layout layout(scenario);
  std::mt19937_64 gen(7);
  std::vector<jcsim::stats::Values> reps(37, jcsim::stats::Values(layout.series_count(), layout.horizon()));
  for (auto& r : reps)
    for (size_t s = 0; s < layout.series_count(); ++s)
      for (int t = 0; t < layout.horizon(); ++t)
        r.at(s, t) = s % 3 == 0 ? 1.5 : static_cast<double>(gen() % 50) + static_cast<double>(s);
  const auto with = [&](size_t threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return jcsim::stats::summarize(layout, reps);
  };
  const auto one = with(1), two = with(2);
  ASSERT_EQ(one.cells.size(), layout.series_count() * 5);
  for (size_t s = 0; s < layout.series_count(); ++s)
    for (int t = 0; t < layout.horizon(); ++t) {
      std::vector<double> column;
      for (const auto& r : reps) column.push_back(r.at(s, t));
      const auto want = by_sorting(column);
      for (const auto* got : {&one.at(s, t), &two.at(s, t)}) {
        EXPECT_EQ(got->mean, want.mean);
        EXPECT_EQ(got->sd, want.sd);
        EXPECT_EQ(got->p05, want.p05);
        EXPECT_EQ(got->p50, want.p50);
        EXPECT_EQ(got->p95, want.p95);
      }
    }
}

}  // namespace
