// Phases 5-7 for every agent: exits, job finding, instrument progress. Agents do not interact in these phases,
// so they run in parallel blocks; what they change in shared state (occupancy, money released) goes into
// per-thread tallies of integers, merged after the loop (any order gives the same sums).
//
// Most agents' month changes nothing here: a seeking ELB whose draws trigger no exit and no job, who is queued
// already, or someone gone. A light test over a chunk (busy_agents) finds the others, and only they go through
// the full steps; the full steps decide exactly as if everyone went through them (RunConfig::every_agent_exact
// runs that reference path, and the tests compare the two).
#include <algorithm>
#include <array>

#include <tbb/combinable.h>

#include "engine/sim/agent_steps.h"
#include "engine/sim/phases.h"
#include "engine/sim/random_batch.h"
#include "engine/util/parallel.h"

namespace jcsim::sim {

namespace {

void agent_month(World& w, size_t i, const Stream::Words& words, Tally& tally) {
  auto& a = w.agents;
  if (a.status[i] == static_cast<uint8_t>(Status::kGone)) return;
  if (a.entered_at[i] == w.t) return;  // arrived this month: its first decisions come next month
  if (exit_step(w, i, words, tally)) return;
  if (job_finding_step(w, i, words, tally)) return;
  progress_step(w, i, words, tally);
  // Without a Förderkette, the person's plan is reviewed now and then and a chain may be offered again.
  if (a.chain[i] == kNone && a.status[i] == static_cast<uint8_t>(Status::kSeeking) && a.in_benefits[i] &&
      a.instrument[i] == kNone && w.s.population.reprofile_hazard > 0 &&
      u01(words[3]) < w.s.population.reprofile_hazard) {  // word 3: only working ELB use it otherwise
    w.choose_chain(i);
    return;  // a fresh wait starts now: no expiry check this month
  }
  // Waiting too long for a place ends the Förderkette: back to regular counselling.
  if (a.waiting_since[i] != kNotWaiting && a.status[i] == static_cast<uint8_t>(Status::kSeeking)) {
    const auto& stage = w.s.foerderketten[static_cast<size_t>(a.chain[i])].stages[static_cast<size_t>(a.stage[i])];
    if (stage.wait_max_months > 0 && w.t - a.waiting_since[i] >= stage.wait_max_months) {
      a.chain[i] = kNone;
      a.stage[i] = kNone;
      a.waiting_since[i] = kNotWaiting;
    }
  }
}

// The per-month constants of busy_agents' test, as tables every agent can index (no branches on its values).
struct QuietTest {
  std::vector<double> job_base;       // per segment: base job-finding hazard × the month's rate factor
  std::vector<double> exit_rate;      // per segment: the month's exit rate factor
  std::vector<uint8_t> exit_dynamic;  // per segment: exit rules read monthly-changing attributes
  std::vector<double> contact;        // per team + 1 (index 0: no team): the month's contact factor
  std::array<double, model::kDistances> distance{};  // job-finding factor by distance to the market
  explicit QuietTest(const World& w) {
    const auto& segs = w.s.population.segments;
    for (size_t g = 0; g < segs.size(); ++g) {
      job_base.push_back(segs[g].job_finding_hazard *
                         w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kJobFinding)]);
      exit_rate.push_back(w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kExit)]);
      exit_dynamic.push_back(w.exits_change_monthly[g] ? 1 : 0);
    }
    contact.push_back(1.0);
    contact.insert(contact.end(), w.contact_factor.begin(), w.contact_factor.end());
    distance.fill(1.0);
    distance[static_cast<size_t>(model::Distance::kMarktfern)] = w.s.job_finding.marktfern_factor;
  }
};

// A draw u is compared with a hazard h computed here in another order than the full steps compute it; a relative
// margin far above rounding sends every draw near the threshold to the full steps, which decide it exactly.
constexpr double kMargin = 1 + 1e-9;

// Writes to `busy` the chunk positions (agents c + k, k < m) whose month in phases 5-7 may change something or
// note something for the assignment phase, and returns their number. Everyone left out is certain to be a no-op
// in agent_month and note_for_assignment: gone; arrived this month; working outside benefits; or a seeking ELB
// in benefits with no exit, no job, no review of its plan, no expired wait and no new place in the queue.
// Every condition is evaluated for every agent and combined without branches (stale values of gone agents
// still index the tables safely): the outcomes are random, and a mispredicted branch costs more than the test.
size_t busy_agents(const World& w, const QuietTest& q, size_t c, size_t m, const Stream::Words* words,
                   uint16_t* busy) {
  const auto& a = w.agents;
  const uint8_t* const status = a.status.data() + c;
  const uint8_t* const in_benefits = a.in_benefits.data() + c;
  const int16_t* const entered_at = a.entered_at.data() + c;
  const uint8_t* const segment = a.segment.data() + c;
  const float* const exit_hazard = a.exit_hazard.data() + c;
  const uint8_t* const language = a.language.data() + c;
  const uint8_t* const bm24 = a.bm24.data() + c;
  const int8_t* const team_of = w.team_of.data() + c;
  const uint8_t* const distance = a.distance.data() + c;
  const int16_t* const post_instrument = a.post_instrument.data() + c;
  const uint8_t* const post_months = a.post_months.data() + c;
  const int8_t* const chain = a.chain.data() + c;
  const int8_t* const stage = a.stage.data() + c;
  const int16_t* const instrument = a.instrument.data() + c;
  const int16_t* const waiting_since = a.waiting_since.data() + c;
  const int16_t* const queued_since = a.queued_since.data() + c;
  static constexpr std::array<double, 256> kOnes = [] {
    std::array<double, 256> x{};
    x.fill(1.0);
    return x;
  }();
  const auto post_row = [&w](int ins) { return ins >= 0 ? w.post_factor[static_cast<size_t>(ins)].data() : kOnes.data(); };
  const double* const language_factor = w.s.job_finding.language_factor.data();
  const double* const duration_factor = w.duration_factor.data();
  const int16_t* const wait_max = w.stage_wait_max.data();
  const double reprofile = w.s.population.reprofile_hazard * kMargin;
  const int t = w.t;
  size_t n = 0;
  for (size_t k = 0; k < m; ++k) {
    const auto& u = words[k];
    const unsigned st = status[k];
    const bool in = in_benefits[k] != 0;
    const bool idle = (st == static_cast<uint8_t>(Status::kGone)) | (entered_at[k] == t) |
                      ((st == static_cast<uint8_t>(Status::kEmployed)) & !in);
    const bool other = (st != static_cast<uint8_t>(Status::kSeeking)) | !in;
    const size_t g = segment[k];
    const bool exit_draw = u01(u[0]) <= static_cast<double>(exit_hazard[k]) * q.exit_rate[g] * kMargin;
    const bool exits = (q.exit_dynamic[g] != 0) | exit_draw;
    const double h = q.job_base[g] * language_factor[language[k]] * duration_factor[bm24[k]] *
                     q.contact[static_cast<size_t>(team_of[k] + 1)] * q.distance[distance[k]] *
                     post_row(post_instrument[k])[post_months[k]];
    const bool job = u01(u[1]) <= h * kMargin;
    const bool review_draw = u01(u[3]) < reprofile;
    const bool review = (chain[k] == kNone) & (instrument[k] == kNone) & review_draw;
    const bool waits = waiting_since[k] != kNotWaiting;
    const bool queues = waits & (queued_since[k] != waiting_since[k]);
    const int limit = wait_max[w.stage_cell(chain[k], stage[k])];
    const bool expires = waits & (limit > 0) & (t - waiting_since[k] >= limit);
    busy[n] = static_cast<uint16_t>(k);
    n += static_cast<size_t>(!idle) & static_cast<size_t>(other | exits | job | review | queues | expires);
  }
  return n;
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
    constexpr size_t kChunk = 256;
    Stream::Words words[kChunk];
    uint16_t busy[kChunk];
    for (size_t c = begin; c < end; c += kChunk) {
      const size_t m = std::min(kChunk, end - c);
      words_batch(w.rng, w.agents.id.data() + c, m, w.t, Purpose::kMonthly, 0, words);
      size_t busy_n = m;
      if (w.config.every_agent_exact)
        for (size_t k = 0; k < m; ++k) busy[k] = static_cast<uint16_t>(k);
      else
        busy_n = busy_agents(w, quiet, c, m, words, busy);
      tally.stepped += busy_n;
      for (size_t b = 0; b < busy_n; ++b) {
        const size_t k = busy[b];
        agent_month(w, c + k, words[k], tally);
        w.note_for_assignment(c + k, tally);
      }
    }
  };
  if (w.config.parallel_agents && n > static_cast<size_t>(w.config.grain)) {
    tbb::combinable<Tally> tallies(fresh);
    parallel_blocks(0, n, static_cast<size_t>(w.config.grain),
                    [&](size_t begin, size_t end) { run(begin, end, tallies.local()); });
    tallies.combine_each([&total](const Tally& t) { total.merge(t); });
  } else {
    run(0, n, total);
  }
  w.work.stepped += total.stepped;
  w.apply_tally(total);
}

}  // namespace jcsim::sim
