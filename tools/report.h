// The year table `jcsim run` prints: what strategy staff look at first.
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "engine/run/runner.h"

namespace jcsim::tools {

std::string year_table(const model::Scenario& s, const run::RunResult& r, const run::RunOptions& options);

}  // namespace jcsim::tools
