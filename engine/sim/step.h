#pragma once

#include <atomic>

#include "engine/sim/world.h"

namespace jcsim::sim {

// Advances the world by one month (w.t).
void step(World& w);
// Populates the world and runs every month of the horizon; w.values holds the results. Checks `cancel` at every
// month boundary and returns false if it was set (the world is then incomplete).
bool run_replication(World& w, const std::atomic<bool>* cancel = nullptr);
// The same for a world populated already (run_replication without populate).
bool run_months(World& w, const std::atomic<bool>* cancel = nullptr);

}  // namespace jcsim::sim
