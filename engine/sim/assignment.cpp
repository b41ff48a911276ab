// Phase 8: caseworkers decide on the ELB waiting for the next stage of their Förderkette. A team makes as many
// decisions as its contacts reach its waiting ELB (contacts per ELB × waiting ELB). Waiting ELB are taken in a
// deterministic order: longest waiting first, ties broken by a keyed random priority per person — never by thread
// timing or storage order. A decision offers the stage's instrument: a person who is not eligible skips the stage
// (its rules choose the next one); otherwise the person enters if the instrument is open, a place is free (P:
// occupied; F: cases this year; E: entries this year) and the paying titles can bind this year's cost; if not,
// the person keeps waiting in the instrument's queue.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "engine/sim/agent_steps.h"
#include "engine/sim/phases.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

namespace {

int resolve(const World& w, int ins) {
  for (size_t hops = 0; hops < w.instruments.size() && w.instruments[static_cast<size_t>(ins)].redirect >= 0; ++hops)
    ins = w.instruments[static_cast<size_t>(ins)].redirect;
  return ins;
}

bool place_free(const World& w, int ins) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  const auto& st = w.instruments[static_cast<size_t>(ins)];
  switch (x.capacity_unit) {
    case model::CapacityUnit::kPlaces:
      return st.occupied < st.capacity;
    case model::CapacityUnit::kCasesPerYear:
    case model::CapacityUnit::kEntriesPerYear:
      return st.year_count < st.capacity;
    case model::CapacityUnit::kOpen:
      return true;
    case model::CapacityUnit::kFlatRate:
      return false;
  }
  return false;
}

// One decision for agent i; stages it is not eligible for are skipped.
void decide(World& w, size_t i, Tally& tally) {
  auto& a = w.agents;
  for (int hop = 0; hop < 64; ++hop) {
    if (a.chain[i] < 0 || a.stage[i] < 0 || a.status[i] != static_cast<uint8_t>(Status::kSeeking)) return;
    const auto& stage = w.s.foerderketten[static_cast<size_t>(a.chain[i])].stages[static_cast<size_t>(a.stage[i])];
    const int ins = resolve(w, stage.instrument);
    const auto& x = w.s.instruments[static_cast<size_t>(ins)];
    // Not eligible: the stage's conditions fail, or the person has used up the subsidy's maximum (the months of
    // subsidised employment count over a whole life: after 60 months of §16i nobody is funded again).
    if (!x.eligible.holds(w.view(i)) || (x.is_employment && a.subsidy_months[i] >= x.employment.max_months)) {
      w.next_stage(i, tally, hop + 8);
      continue;
    }
    if (w.instruments[static_cast<size_t>(ins)].closed || w.t < x.available_from || w.t > x.available_until) return;
    if (!place_free(w, ins)) return;
    const int months = w.planned_months(i, ins);
    if (!w.can_commit(ins, x.is_employment ? a.subsidy_months[i] : 0, months)) return;
    w.enter(i, ins);
    return;
  }
}

}  // namespace

namespace {

bool is_candidate(const World& w, size_t i) {
  const auto& a = w.agents;
  return a.status[i] == static_cast<uint8_t>(Status::kSeeking) && a.in_benefits[i] && a.waiting_since[i] != kNotWaiting &&
         a.entered_at[i] != w.t && w.team_of[i] >= 0;
}

// Brings the queue up to date: entries that no longer wait (or whose waiting started anew) leave; newcomers are
// sorted and merged in. The result is the sorted list of all candidates, as a full sort would give. The same pass
// over the agents collects the subsidised jobs whose approval period ended (in slot order).
void update_queue(World& w, std::vector<uint32_t>& extensions) {
  auto& a = w.agents;
  auto& q = w.queue;
  size_t kept = 0;
  for (const auto& e : q) {
    if (is_candidate(w, e.slot) && a.waiting_since[e.slot] == e.since)
      q[kept++] = e;
    else
      a.queued[e.slot] = 0;
  }
  q.resize(kept);
  std::vector<World::QueueEntry> fresh;
  for (size_t i = 0; i < a.size(); ++i) {
    if (w.flags[i].extension_pending) extensions.push_back(static_cast<uint32_t>(i));
    if (!a.queued[i] && is_candidate(w, i)) {
      fresh.push_back({a.waiting_since[i], a.priority[i], a.id[i], static_cast<uint32_t>(i)});
      a.queued[i] = 1;
    }
  }
  std::sort(fresh.begin(), fresh.end());
  std::vector<World::QueueEntry> merged;
  merged.reserve(q.size() + fresh.size());
  std::merge(q.begin(), q.end(), fresh.begin(), fresh.end(), std::back_inserter(merged));
  q.swap(merged);
}

}  // namespace

void assignment_phase(World& w) {
  std::vector<uint32_t> extensions;
  update_queue(w, extensions);
  std::vector<int> waiting_per_team(w.teams.size(), 0);
  for (const auto& e : w.queue) ++waiting_per_team[static_cast<size_t>(w.team_of[e.slot])];
  for (size_t k = 0; k < w.teams.size(); ++k) {
    auto& team = w.teams[k];
    const double per_elb = team.served > 0 ? team.contacts / team.served : 1.0;
    team.decisions_left = static_cast<int>(std::lround(std::min(per_elb, 1.0) * waiting_per_team[k]));
  }
  Tally tally;
  tally.reset(w.titles.size(), static_cast<size_t>(w.years), w.instruments.size());
  // Running cases first: extensions of subsidised employment, in slot order (a fixed order: slots are assigned
  // deterministically), then new entries.
  for (const uint32_t i : extensions) extend_or_end_subsidy(w, i, tally);
  for (const auto& c : w.queue) {
    auto& team = w.teams[static_cast<size_t>(w.team_of[c.slot])];
    if (team.decisions_left <= 0) continue;
    --team.decisions_left;
    decide(w, c.slot, tally);
  }
  w.apply_tally(tally);
#if JCSIM_CHECKS_ON
  for (size_t k = 0; k < w.instruments.size(); ++k)
    if (w.s.instruments[k].capacity_unit == model::CapacityUnit::kPlaces && w.instruments[k].entries > 0)
      JCSIM_ASSERT(w.instruments[k].occupied <= w.instruments[k].capacity, "occupied places above capacity");
#endif
}

}  // namespace jcsim::sim
