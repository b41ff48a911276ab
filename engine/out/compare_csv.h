// compare.csv: metric,segment,month,base_mean,variant_mean,diff_mean,diff_sd,diff_low,diff_high,significant
// (diff = variant − base, paired over replications on common random numbers; low/high: its 95 % interval).
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "engine/run/compare.h"

namespace jcsim::out {

std::string compare_csv(const model::Scenario& base, const run::CompareResult& result);

}  // namespace jcsim::out
