// Runs one replication's world month by month for tests that inspect it between months, and reads what it booked.
#pragma once

#include <algorithm>
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

// Series `m` of instrument `ins` in month t, as the world booked it.
inline double instrument_value(const sim::World& w, stats::InstrumentMetric m, int ins, int t) {
  return w.values.at(w.layout.instrument(m, ins), t);
}

// Of a participation of `months` entered in month t of a scenario that starts in January, the months that fall into
// the first calendar year (this month included); the rest fall into the next.
inline int64_t months_in_first_year(int t, int months) {
  return std::min<int64_t>(months, 12 - t);
}

}  // namespace jcsim::test
