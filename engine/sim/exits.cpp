// Phase 5: leaving benefits without an integration (moving away, pension, other income, ...), for every ELB,
// participants included; and working ELB whose top-up benefit ends.
#include "engine/sim/agent_steps.h"

namespace jcsim::sim {

bool exit_step(World& w, size_t i, const Stream::Words& words, Tally& tally) {
  auto& a = w.agents;
  if (!a.in_benefits[i]) return false;
  const auto& seg = w.s.population.segments[a.segment[i]];
  const double factor = w.rate_factor[a.segment[i]][static_cast<size_t>(model::Event::Rate::kExit)];
  double stay = 1.0;
  if (!seg.exits.empty()) {
    const auto v = w.view(i);
    for (const auto& e : seg.exits)
      if (e.when.holds(v)) stay *= 1.0 - std::min(e.hazard * factor, 1.0);
  }
  if (u01(words[0]) <= 1.0 - stay) {
    if (a.instrument[i] >= 0) w.leave_instrument(i, tally);
    a.status[i] = static_cast<uint8_t>(Status::kGone);
    a.chain[i] = kNone;
    a.stage[i] = kNone;
    a.waiting_since[i] = kNone;
    a.return_at[i] = kNone;
    w.leave_benefits(i);
    ++w.flags[i].exit_other;
    return true;
  }
  if (a.status[i] == static_cast<uint8_t>(Status::kEmployed) &&
      u01(words[3]) <= w.s.job_finding.working_elb_exit_hazard) {
    w.leave_benefits(i);  // the job now covers the need
    return true;
  }
  return false;
}

}  // namespace jcsim::sim
