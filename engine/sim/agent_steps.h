// The per-agent parts of phases 5-7, called in this order for every agent by agent_phase (agent_month.cpp).
// `words` are the agent's four kMonthly draws of this month. Each returns true when the agent's month is over.
#pragma once

#include "engine/sim/world.h"

namespace jcsim::sim {

bool exit_step(World& w, size_t i, const Stream::Words& words, Tally& tally);         // exits.cpp
bool job_finding_step(World& w, size_t i, const Stream::Words& words, Tally& tally);  // job_finding.cpp
void progress_step(World& w, size_t i, const Stream::Words& words, Tally& tally);     // progress.cpp

}  // namespace jcsim::sim
