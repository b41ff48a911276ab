// Phases 5-7 for every agent: exits, job finding, instrument progress. Agents do not interact in these phases,
// so they run in parallel blocks; what they change in shared state (occupancy, money released) goes into
// per-thread tallies of integers, merged after the loop (any order gives the same sums).
//
// Most agents' month changes nothing here: a seeking ELB whose draws trigger no exit and no job, who is queued
// already; a participant whose participation simply goes on; someone gone. A light test over a chunk
// (busy_agents, quiet.cpp) finds the others. Those an exit, a job or a participation's progress may reach go
// through the full steps; seekers whom neither can reach go through the plan steps only (a review of the plan, a
// wait that ran out). Both decide exactly as if everyone went through the full steps
// (RunConfig::every_agent_exact runs that reference path, and the tests compare the two).
#include <algorithm>
#include <array>

#include <tbb/combinable.h>

#include "engine/sim/agent_steps.h"
#include "engine/sim/phases.h"
#include "engine/sim/quiet.h"
#include "engine/sim/random_batch.h"
#include "engine/util/parallel.h"

namespace jcsim::sim {

namespace {

// Without a Förderkette, a seeker's plan is reviewed now and then (reprofile_hazard) and a chain may be offered
// again: U_3 <= r reviews, and U_3 / r, uniform given the review, is the participation draw of choose_chain.
// Otherwise a wait that lasted too long for a place ends the Förderkette: back to regular counselling. (A review
// starts a fresh wait: no expiry check in its month.)
void plan_steps(World& w, size_t i, const MonthDraws& draws) {
  auto& a = w.agents;
  if (a.status[i] != static_cast<uint8_t>(Status::kSeeking)) return;
  const double r = w.s.population.reprofile_hazard;
  if (a.chain[i] == kNone && a.in_benefits[i] && a.instrument[i] == kNone && r > 0) {
    const double u = draws.uniform(3);
    if (u <= r) {
      w.choose_chain(i, u / r);
      return;
    }
  }
  if (a.waiting_since[i] != kNotWaiting) {
    const int limit = w.stage_wait_max[w.stage_cell(a.chain[i], a.stage[i])];
    if (limit > 0 && w.t - a.waiting_since[i] >= limit) {
      a.chain[i] = kNone;
      a.stage[i] = kNone;
      a.waiting_since[i] = kNotWaiting;
    }
  }
}

void agent_month(World& w, size_t i, const MonthDraws& draws, Tally& tally) {
  auto& a = w.agents;
  if (a.status[i] == static_cast<uint8_t>(Status::kGone)) return;
  if (a.entered_at[i] == w.t) return;  // arrived this month: its first decisions come next month
  if (exit_step(w, i, draws, tally)) return;
  if (job_finding_step(w, i, draws, tally)) return;
  progress_step(w, i, draws, tally);
  plan_steps(w, i, draws);
}

}  // namespace

void agent_phase(World& w) {
  const size_t n = w.agents.size();
  const auto fresh = [&w] {
    Tally t;
    t.reset(w.titles.size(), static_cast<size_t>(w.years), w.instruments.size());
    return t;
  };
  Tally total = fresh();
  const QuietTest quiet(w);
  // A chunk of agents at a time: in an even month the Philox words of the month pair (the batched generator
  // vectorises them), the test, then the busy agents' low bits in one batch and their steps.
  const auto run = [&w, &quiet](size_t begin, size_t end, Tally& tally) {
    constexpr size_t kChunk = BusyAgents::kChunk;
    const auto& a = w.agents;
    BusyAgents busy;
    std::array<uint64_t, kChunk> ids;
    std::array<Stream::Words, kChunk> low;
    const auto draws = [&a, &low, t = w.t](size_t i, size_t b) {
      return MonthDraws{{a.draw_half(i, 0, t), a.draw_half(i, 1, t), a.draw_half(i, 2, t), a.draw_half(i, 3, t)},
                        low[b]};
    };
    for (size_t c = begin; c < end; c += kChunk) {
      const size_t m = std::min(kChunk, end - c);
      if (w.t % 2 == 0) make_pair_words(w, c, m);
      if (w.config.every_agent_exact) {
        for (size_t k = 0; k < m; ++k) busy.full[k] = static_cast<uint16_t>(k);
        busy.n_full = m;
        busy.n_plan = 0;
      } else if (w.config.vector_paths) {
        busy_agents(w, quiet, c, m, busy);
      } else {
        busy_agents_portable(w, quiet, c, m, busy);
      }
      tally.stepped += busy.n_full;
      tally.planned += busy.n_plan;
      // The low bits of the busy agents' draws: the full list first, then the plan list.
      for (size_t b = 0; b < busy.n_full; ++b) ids[b] = a.id[c + busy.full[b]];
      for (size_t b = 0; b < busy.n_plan; ++b) ids[busy.n_full + b] = a.id[c + busy.plan[b]];
      words_batch(w.rng, ids.data(), busy.n_full + busy.n_plan, w.t, Purpose::kRefine, 0, low.data());
      for (size_t b = 0; b < busy.n_full; ++b) {
        const size_t i = c + busy.full[b];
        agent_month(w, i, draws(i, b), tally);
        w.note_for_assignment(i, tally);
      }
      for (size_t b = 0; b < busy.n_plan; ++b) {
        const size_t i = c + busy.plan[b];
        plan_steps(w, i, draws(i, busy.n_full + b));
        w.note_for_assignment(i, tally);
      }
    }
  };
  if (w.config.parallel_agents && n > static_cast<size_t>(w.config.grain)) {
    tbb::combinable<Tally> tallies(fresh);
    w.in_parallel_blocks = true;
    parallel_blocks(0, n, static_cast<size_t>(w.config.grain),
                    [&](size_t begin, size_t end) { run(begin, end, tallies.local()); });
    w.in_parallel_blocks = false;
    tallies.combine_each([&total](const Tally& t) { total.merge(t); });
  } else {
    run(0, n, total);
  }
  w.work.stepped += total.stepped;
  w.work.planned += total.planned;
  w.apply_tally(total);
}

}  // namespace jcsim::sim
