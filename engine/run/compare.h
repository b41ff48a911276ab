// Comparing two portfolios: both scenarios run on the same random numbers (common random numbers: every draw is
// keyed by person, month and purpose, so a person the change does not touch lives the same life in both), and
// every metric is reported as the paired difference variant − base with its 95 % interval.
//
// To show what pairing buys, the variant also runs on independent random numbers (replications numbered after
// the paired ones), and the ratio of the two intervals' widths is reported.
#pragma once

#include <string>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/run/cluster.h"
#include "engine/run/runner.h"
#include "engine/stats/sample.h"

namespace jcsim::run {

// Paired statistics of one difference (variant − base) over replications.
struct Difference {
  double base = 0, variant = 0;  // means
  double mean = 0, sd = 0;       // of the paired difference
  double low = 0, high = 0;      // 95 % interval of the mean difference (Student t)
  bool significant() const { return stats::excludes_zero(low, high); }
};

struct CompareOptions {
  RunOptions run;               // replications, seed, threads, cancel, progress
  bool independent_run = true;  // also run the variant on independent random numbers
};

struct YearRow {
  std::string label;  // e.g. "integrations 2024"
  Difference paired;
  double independent_half_width = 0;  // half width of the interval with independent random numbers
  double width_ratio() const {
    const double paired_half = (paired.high - paired.low) / 2;
    return paired_half > 0 ? independent_half_width / paired_half : 0;
  }
};

struct CompareResult {
  std::vector<stats::SeriesName> names;    // series present in both scenarios, in the base's order
  std::vector<std::vector<Difference>> monthly;  // per series, per month
  std::vector<YearRow> years;              // headline figures per calendar year
  bool cancelled = false;
  bool has_values = true;  // false on the MPI ranks other than 0
  double seconds = 0;
};

// Throws std::invalid_argument when the scenarios cannot be compared (different start or horizon). With a
// cluster, every rank must call it; rank 0's result holds the comparison.
CompareResult compare(const model::Scenario& base, const model::Scenario& variant, const CompareOptions& options,
                      Cluster& cluster = local_cluster());

// The comparison of finished runs (rank 0's): `independent` may be null. The runs must share a calendar.
CompareResult compare_runs(const model::Scenario& base, const RunResult& b, const RunResult& v,
                           const RunResult* independent);

// Throws std::invalid_argument unless both scenarios share calendar.start and calendar.horizon_months.
void check_comparable(const model::Scenario& base, const model::Scenario& variant);

// Paired difference statistics of matched samples.
Difference paired_difference(const std::vector<double>& base, const std::vector<double>& variant);
// Half width of the 95 % interval of mean(b) − mean(a) for independent samples (Welch).
double independent_half_width(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace jcsim::run
