// The year table `jcsim run` prints: what strategy staff look at first.
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "engine/run/compare.h"
#include "engine/run/runner.h"

namespace jcsim::tools {

std::string year_table(const model::Scenario& s, const run::RunResult& r, const run::RunOptions& options);

// The headline differences of a comparison, with their intervals and what pairing gained.
std::string compare_table(const model::Scenario& base, const model::Scenario& variant, const run::CompareResult& r,
                          const run::CompareOptions& options);

}  // namespace jcsim::tools
