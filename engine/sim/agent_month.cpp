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

// Without a Förderkette, a seeker's plan is reviewed now and then and a chain may be offered again (word 3: only
// working ELB use it otherwise).
bool review_due(const World& w, size_t i, const Stream::Words& words) {
  const auto& a = w.agents;
  return a.chain[i] == kNone && a.status[i] == static_cast<uint8_t>(Status::kSeeking) && a.in_benefits[i] &&
         a.instrument[i] == kNone && w.s.population.reprofile_hazard > 0 &&
         u01(words[3]) < w.s.population.reprofile_hazard;
}

// Waiting too long for a place ends the Förderkette: back to regular counselling.
void expire_wait(World& w, size_t i) {
  auto& a = w.agents;
  if (a.waiting_since[i] != kNotWaiting && a.status[i] == static_cast<uint8_t>(Status::kSeeking)) {
    const auto& stage = w.s.foerderketten[static_cast<size_t>(a.chain[i])].stages[static_cast<size_t>(a.stage[i])];
    if (stage.wait_max_months > 0 && w.t - a.waiting_since[i] >= stage.wait_max_months) {
      a.chain[i] = kNone;
      a.stage[i] = kNone;
      a.waiting_since[i] = kNotWaiting;
    }
  }
}

// What remains of a seeker's month once exits and job finding are decided: the plan (Förderkette) steps. A
// review starts a fresh wait: no expiry check this month.
void plan_steps(World& w, size_t i, const Stream::Words& words) {
  if (review_due(w, i, words))
    w.choose_chain(i);
  else
    expire_wait(w, i);
}

// The plan steps of the chunk's agents c + plan[0..n): the reviews' Förderkette words are drawn in one batch.
void plan_steps_batch(World& w, size_t c, const uint16_t* plan, size_t n, const Stream::Words* words,
                      Tally& tally) {
  std::array<uint64_t, BusyAgents::kChunk> ids;
  std::array<uint16_t, BusyAgents::kChunk> reviewed;
  size_t r = 0;
  for (size_t b = 0; b < n; ++b) {
    const size_t k = plan[b];
    if (review_due(w, c + k, words[k])) {
      ids[r] = w.agents.id[c + k];
      reviewed[r++] = static_cast<uint16_t>(k);
      continue;
    }
    expire_wait(w, c + k);
    w.note_for_assignment(c + k, tally);
  }
  std::array<Stream::Words, BusyAgents::kChunk> chain_words;
  words_batch(w.rng, ids.data(), r, w.t, Purpose::kChain, 0, chain_words.data());
  for (size_t b = 0; b < r; ++b) {
    w.choose_chain(c + reviewed[b], chain_words[b]);
    w.note_for_assignment(c + reviewed[b], tally);
  }
}

void agent_month(World& w, size_t i, const Stream::Words& words, Tally& tally) {
  auto& a = w.agents;
  if (a.status[i] == static_cast<uint8_t>(Status::kGone)) return;
  if (a.entered_at[i] == w.t) return;  // arrived this month: its first decisions come next month
  if (exit_step(w, i, words, tally)) return;
  if (job_finding_step(w, i, words, tally)) return;
  progress_step(w, i, words, tally);
  plan_steps(w, i, words);
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
  // The month's kMonthly draws are made for a chunk of agents at once (the batched generator vectorises them),
  // then the chunk's agents are stepped. The words are the same as one call per agent would give.
  const QuietTest quiet(w);
  const auto run = [&w, &quiet](size_t begin, size_t end, Tally& tally) {
    constexpr size_t kChunk = BusyAgents::kChunk;
    Stream::Words words[kChunk];
    BusyAgents busy;
    for (size_t c = begin; c < end; c += kChunk) {
      const size_t m = std::min(kChunk, end - c);
      words_batch(w.rng, w.agents.id.data() + c, m, w.t, Purpose::kMonthly, 0, words);
      if (w.config.every_agent_exact) {
        for (size_t k = 0; k < m; ++k) busy.full[k] = static_cast<uint16_t>(k);
        busy.n_full = m;
        busy.n_plan = 0;
      } else if (w.config.vector_paths) {
        busy_agents(w, quiet, c, m, words, busy);
      } else {
        busy_agents_portable(w, quiet, c, m, words, busy);
      }
      tally.stepped += busy.n_full;
      tally.planned += busy.n_plan;
      for (size_t b = 0; b < busy.n_full; ++b) {
        const size_t k = busy.full[b];
        agent_month(w, c + k, words[k], tally);
        w.note_for_assignment(c + k, tally);
      }
      plan_steps_batch(w, c, busy.plan.data(), busy.n_plan, words, tally);
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
