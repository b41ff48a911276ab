// Phase 5: leaving benefits without an integration (moving away, pension, other income, ...), for every ELB,
// participants included; and working ELB whose top-up benefit ends.
#include "engine/sim/agent_steps.h"

namespace jcsim::sim {

bool exit_step(World& w, size_t i, const MonthDraws& draws, Tally& tally) {
  auto& a = w.agents;
  if (!a.in_benefits[i]) return false;
  double base = a.exit_hazard[i];
  if (w.exits_change_monthly[a.segment[i]]) {
    base = w.exit_hazard_now(i, w.facts(i));
  }
  const double hazard =
      std::min(base * w.rate_factor[a.segment[i]][static_cast<size_t>(model::Event::Rate::kExit)], 1.0);
  if (draws.below(0, hazard)) {
    if (a.instrument[i] >= 0) w.leave_instrument(i, tally);
    a.status[i] = static_cast<uint8_t>(Status::kGone);
    a.chain[i] = kNone;
    a.stage[i] = kNone;
    a.waiting_since[i] = kNotWaiting;
    a.return_at[i] = kNone;
    w.leave_benefits(i);
    ++w.flags[i].exit_other;
    return true;
  }
  if (a.status[i] == static_cast<uint8_t>(Status::kEmployed) &&
      draws.below(3, w.s.job_finding.working_elb_exit_hazard)) {
    w.leave_benefits(i);  // the job now covers the need
    return true;
  }
  return false;
}

}  // namespace jcsim::sim
