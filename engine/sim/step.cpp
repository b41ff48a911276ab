// One simulated month. Reading this function tells the whole model; each phase is a file of its own.
#include "engine/sim/step.h"

#include "engine/sim/phases.h"

namespace jcsim::sim {

void step(World& w) {
  calendar_phase(w);     // 1. instruments open or close, capacities, budgets, funding and rates change
  budget_year_phase(w);  // 2. January: each title's year opens with the commitments already bound for it
  staff_phase(w);        // 3. caseworkers leave and are replaced after the hiring lag
  inflow_phase(w);       // 4. new ELB arrive; people whose job did not last come back
  agent_phase(w);        // 5.-7. exits without integration, job finding, progress in instruments
  assignment_phase(w);   // 8. caseworkers assign waiting ELB to the next stage of their Förderkette
  accounting_phase(w);   // 9. months in benefits, LZB, spend, and every metric of the month
}

bool run_replication(World& w, const std::atomic<bool>* cancel) {
  populate(w);
  return run_months(w, cancel);
}

bool run_months(World& w, const std::atomic<bool>* cancel) {
  for (w.t = 0; w.t < w.s.horizon; ++w.t) {
    if (cancel && cancel->load()) return false;
    w.agent_months += w.agents.size();
    step(w);
  }
  finish(w);
  return true;
}

}  // namespace jcsim::sim
