// The per-agent parts of phases 5-7, called in this order for every agent by agent_phase (agent_month.cpp).
// `draws` are the agent's four draws of this month. Each returns true when the agent's month is over.
#pragma once

#include "engine/sim/world.h"

namespace jcsim::sim {

bool exit_step(World& w, size_t i, const MonthDraws& draws, Tally& tally);         // exits.cpp
bool job_finding_step(World& w, size_t i, const MonthDraws& draws, Tally& tally);  // job_finding.cpp
void progress_step(World& w, size_t i, const MonthDraws& draws, Tally& tally);     // progress.cpp

// Subsidised employment whose approval period ended (progress.cpp). Extensions are decided in the sequential
// assignment phase, before new entries, because they compete for the same budget.
void extend_or_end_subsidy(World& w, size_t i, Tally& tally);

}  // namespace jcsim::sim
