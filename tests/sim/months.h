// Runs one replication's world month by month for tests that inspect it between months.
#pragma once

#include <cstdint>

#include "engine/sim/phases.h"
#include "engine/sim/step.h"

namespace jcsim::test {

// Populates a world of replication `rep` (seed 7) and calls check(w, -1), then steps it through the horizon and
// calls check(w, t) after every month t.
template <typename Check>
void step_months(const model::Scenario& s, uint32_t rep, Check&& check) {
  const stats::Layout layout(s);
  sim::RunConfig config;
  config.seed = 7;
  config.parallel_agents = false;
  sim::World w(s, layout, rep, config);
  sim::populate(w);
  check(w, -1);
  for (w.t = 0; w.t < s.horizon; ++w.t) {
    sim::step(w);
    check(w, w.t);
  }
}

}  // namespace jcsim::test
