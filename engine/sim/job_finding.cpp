// Phase 6: job finding for ELB who look for work, and for participants of measures (reduced by the lock-in):
// base hazard of the segment × language × months in benefits × contact density of the team × distance to the
// market × lock-in × the decaying effect of the last completed measure × the calendar's rate factor.
#include <algorithm>

#include "engine/sim/agent_steps.h"

namespace jcsim::sim {

bool job_finding_step(World& w, size_t i, const MonthDraws& draws, Tally& tally) {
  auto& a = w.agents;
  const auto status = static_cast<Status>(a.status[i]);
  if (!a.in_benefits[i] || status == Status::kEmployed || status == Status::kGone) return false;
  if (status == Status::kMeasure && w.job_like(a.instrument[i])) return false;  // already working
  const auto& jf = w.s.job_finding;
  const int g = a.segment[i];
  double h = w.s.population.segments[static_cast<size_t>(g)].job_finding_hazard *
             w.rate_factor[static_cast<size_t>(g)][static_cast<size_t>(model::Event::Rate::kJobFinding)] *
             jf.language_factor[a.language[i]] * w.duration_factor[static_cast<size_t>(a.benefit_months_24(i))];
  if (w.team_of[i] >= 0) h *= w.contact_factor[static_cast<size_t>(w.team_of[i])];
  if (a.distance[i] == static_cast<uint8_t>(model::Distance::kMarktfern)) h *= jf.marktfern_factor;
  if (status == Status::kMeasure) h *= w.s.instruments[static_cast<size_t>(a.instrument[i])].lock_in;
  if (a.post_instrument[i] >= 0)
    h *= w.prepared.post_factor[static_cast<size_t>(a.post_instrument[i])][a.post_months[i]];
  if (!draws.below(1, std::min(h, 1.0))) return false;
  const auto kinds = w.s.population.segments[static_cast<size_t>(g)].integration_kinds;
  const auto wk = w.rng.words(a.id[i], w.t, Purpose::kIntegration);
  w.integrate(i, static_cast<model::IntegrationKind>(pick(kinds, u01(wk[0]))), tally);
  return true;
}

}  // namespace jcsim::sim
