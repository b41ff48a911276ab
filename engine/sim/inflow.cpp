// Phase 4: new ELB by segment, Poisson counts from the month's rate; and the people whose job ended within the
// return window come back with their history.
#include <algorithm>
#include <memory>

#include <boost/random/poisson_distribution.hpp>

#include "engine/sim/phases.h"

namespace jcsim::sim {

void inflow_phase(World& w) {
  auto& a = w.agents;
  using Chunk = World::NewcomerWords;
  std::unique_ptr<Chunk> words;  // made when someone arrives
  for (size_t g = 0; g < w.s.population.segments.size(); ++g) {
    const double mean =
        w.s.population.segments[g].inflow[static_cast<size_t>(w.t)] * w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kInflow)];
    if (mean <= 0) continue;
    if (!words) words = std::make_unique<Chunk>();
    KeyedEngine engine(w.rng, make_id(Origin::kSegment, 0, static_cast<uint32_t>(g), 0), w.t, Purpose::kCount);
    const auto n = static_cast<uint32_t>(boost::random::poisson_distribution<int, double>(mean)(engine));
    for (uint32_t first = 0; first < n; first += Chunk::kChunk) {
      const uint32_t m = std::min<uint32_t>(Chunk::kChunk, n - first);
      const size_t slot0 =
          w.add_people(Origin::kInflow, static_cast<uint32_t>(w.t + 1), static_cast<int>(g), first, m, *words);
      for (uint32_t k = 0; k < m; ++k) {
        const size_t i = slot0 + k;
        a.status[i] = static_cast<uint8_t>(Status::kSeeking);
        w.back_to_benefits(i);
        w.refresh_profile(i);
        w.choose_chain(i, u01(words->newcomer[k][1]));
      }
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
