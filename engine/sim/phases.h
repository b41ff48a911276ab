// The phases of a simulated month, in the order step() runs them. Each lives in its own file.
#pragma once

#include "engine/sim/world.h"

namespace jcsim::sim {

void populate(World& w);            // init.cpp: the initial stock and the running cohorts (before month 0)
void calendar_phase(World& w);      // calendar.cpp: policy events that take effect this month
void budget_year_phase(World& w);   // budget.cpp: in January (and at the start) open each title's year
void staff_phase(World& w);         // staff.cpp: leavers, hires after the lag, counselling capacity
void inflow_phase(World& w);        // inflow.cpp: new ELB and returners from jobs that did not last
void agent_phase(World& w);         // agent_month.cpp: per agent: exits, job finding, instrument progress
void assignment_phase(World& w);    // assignment.cpp: waiting ELB get places, by priority, within limits
void accounting_phase(World& w);    // accounting.cpp: benefit histories, spend, every metric of the month
void finish(World& w);              // accounting.cpp: the 12-month rates and cumulative series after the run

// budget.cpp: sets title k's available amount and limit for calendar year `year` (events and January share it).
void open_title_year(World& w, size_t k, int year);

}  // namespace jcsim::sim
