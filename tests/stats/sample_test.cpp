// Statistics of a sample of replications (stats::mean, variance, t975, excludes_zero): the pieces of every 95 %
// interval that compare, sweep and calibrate report.
#include <vector>

#include <gtest/gtest.h>

#include "engine/stats/sample.h"

namespace {

using jcsim::stats::excludes_zero;
using jcsim::stats::mean;
using jcsim::stats::t975;
using jcsim::stats::variance;

TEST(Sample, VarianceDividesByNMinusOne) {
  const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, sum of squared deviations 32
  EXPECT_DOUBLE_EQ(mean(v), 5.0);
  EXPECT_DOUBLE_EQ(variance(v), 32.0 / 7.0);
  EXPECT_EQ(mean({}), 0.0);
  EXPECT_EQ(variance({3.0}), 0.0);
}

// The two-sided 95 % quantiles of Student's t as printed in every statistics table (3 decimals), and the normal
// quantile 1.960 as the degrees of freedom grow.
TEST(Sample, T975MatchesTheTable) {
  const struct {
    double degrees, quantile;
  } table[] = {{1, 12.706}, {2, 4.303}, {4, 2.776}, {9, 2.262}, {19, 2.093}, {29, 2.045}, {99, 1.984}};
  for (const auto& row : table) EXPECT_NEAR(t975(row.degrees), row.quantile, 5e-4) << row.degrees;
  EXPECT_NEAR(t975(1e7), 1.95996, 1e-5);
  EXPECT_EQ(t975(0.5), 0.0);  // below one degree of freedom there is no interval
}

// `significant` means the interval lies strictly on one side of zero; an interval that touches zero is not.
TEST(Sample, ExcludesZeroOnlyStrictly) {
  EXPECT_TRUE(excludes_zero(0.1, 2.0));
  EXPECT_TRUE(excludes_zero(-2.0, -0.1));
  EXPECT_FALSE(excludes_zero(-0.1, 0.1));
  EXPECT_FALSE(excludes_zero(0.0, 1.0));
  EXPECT_FALSE(excludes_zero(-1.0, 0.0));
  EXPECT_FALSE(excludes_zero(0.0, 0.0));  // no variation and no difference
}

}  // namespace
