// The CSV files of comparisons (diff = variant − base, paired over replications on common random numbers;
// low/high: the 95 % interval of the mean difference; significant: it excludes zero, stats::excludes_zero).
//
// compare.csv: metric,segment,month,base_mean,variant_mean,diff_mean,diff_sd,diff_low,diff_high,significant
// sweep.csv:   point,assignments,figure,base,variant,diff_mean,diff_low,diff_high,significant — the headline
//              figures per year of every point of a sweep, in point order.
#pragma once

#include <string>
#include <vector>

#include "proto/results.pb.h"

namespace jcsim::out {

std::string compare_csv(const results::Comparison& comparison);

// `points[k]` is sweep point k's comparison.
std::string sweep_csv(const std::vector<results::Comparison>& points);

}  // namespace jcsim::out
