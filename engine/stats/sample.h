// Statistics of a sample of replications: mean, variance and the Student-t quantile behind every 95 % interval
// (compare, sweep, calibrate, the summary's moments).
#pragma once

#include <vector>

namespace jcsim::stats {

double mean(const std::vector<double>& v);      // 0 for an empty sample
double variance(const std::vector<double>& v);  // sample variance (n - 1); 0 below two values
// The 97.5 % quantile of Student's t with `degrees` degrees of freedom (0 below one degree).
double t975(double degrees);
// Whether a 95 % interval [low, high] of a difference excludes zero: the one rule behind `significant` in
// compare.csv and sweep.csv, the * of the comparison page and of `jcsim compare`'s table.
inline bool excludes_zero(double low, double high) { return low > 0 || high < 0; }

}  // namespace jcsim::stats
