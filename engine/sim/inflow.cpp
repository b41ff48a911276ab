// Phase 4: new ELB by segment, Poisson counts from the month's rate; and the people whose job ended within the
// return window come back with their history.
#include <boost/random/poisson_distribution.hpp>

#include "engine/sim/phases.h"

namespace jcsim::sim {

void inflow_phase(World& w) {
  auto& a = w.agents;
  for (size_t g = 0; g < w.s.population.segments.size(); ++g) {
    const double mean =
        w.s.population.segments[g].inflow[static_cast<size_t>(w.t)] * w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kInflow)];
    if (mean <= 0) continue;
    KeyedEngine engine(w.rng, make_id(Origin::kSegment, 0, static_cast<uint32_t>(g), 0), w.t, Purpose::kCount);
    const int n = boost::random::poisson_distribution<int, double>(mean)(engine);
    for (int k = 0; k < n; ++k) {
      const size_t i = a.add(make_id(Origin::kInflow, static_cast<uint32_t>(w.t + 1), static_cast<uint32_t>(g),
                                     static_cast<uint32_t>(k)));
      w.flags.emplace_back();
      w.team_of.push_back(kNone);
      w.draw_person(i, static_cast<int>(g));
      a.status[i] = static_cast<uint8_t>(Status::kSeeking);
      w.back_to_benefits(i);
      w.refresh_profile(i);
      w.choose_chain(i);
    }
  }
  for (const uint32_t i : w.returns_by_month[static_cast<size_t>(w.t)]) {
    if (a.status[i] != static_cast<uint8_t>(Status::kEmployed) || a.return_at[i] != w.t) continue;
    a.return_at[i] = kNone;
    a.status[i] = static_cast<uint8_t>(Status::kSeeking);
    if (!a.in_benefits[i]) w.back_to_benefits(i);
    a.entered_at[i] = static_cast<int16_t>(w.t);
    w.choose_chain(i);
  }
}

}  // namespace jcsim::sim
