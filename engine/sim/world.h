// One replication: the frozen scenario, the keyed random stream, the state, and the operations several phases
// share (entering and leaving instruments, committing money, integrating). Thread-compatible: agent-wise phases
// may run in parallel over disjoint agents, each with its own Tally; everything else is sequential.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/sim/prepared.h"
#include "engine/sim/random.h"
#include "engine/sim/state.h"
#include "engine/stats/series.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

// Per-agent flows of one month, counted in accounting (several per month are possible, e.g. a return and an entry
// into subsidised work: inflow 1, outflow 1).
struct MonthFlags {
  uint8_t inflows = 0, outflows = 0;
  uint8_t exit_other = 0;
  uint8_t integrations = 0;  // bit k: an integration of IntegrationKind k
  uint8_t subsidy_max_exit = 0, subsidy_to_job = 0;
  uint8_t extension_pending = 0;  // an approval period ended and the review says extend: decided in assignment
  uint8_t unused = 0;             // pads to 8 bytes: accounting tests all flags with one aligned load
};
static_assert(sizeof(MonthFlags) == 8);

// An ELB waiting for an assignment decision. The queue is ordered as decisions are made: longest waiting first,
// then the keyed priority, then the id.
struct QueueEntry {
  uint64_t order = 0;  // the month the wait began (offset to be non-negative), then the priority: one comparison
  uint64_t id = 0;
  uint32_t slot = 0;
  QueueEntry() = default;
  QueueEntry(int16_t since, uint32_t priority, uint64_t agent_id, uint32_t agent_slot)
      : order(static_cast<uint64_t>(static_cast<int32_t>(since) + 32768) << 32 | priority), id(agent_id),
        slot(agent_slot) {}
  int16_t since() const { return static_cast<int16_t>(static_cast<int32_t>(order >> 32) - 32768); }
  friend bool operator<(const QueueEntry& x, const QueueEntry& y) {
    return x.order != y.order ? x.order < y.order : x.id < y.id;
  }
};

// Sorts queue entries as operator< orders them (assignment.cpp); `scratch` is working space.
void sort_queue_entries(std::vector<QueueEntry>& entries, std::vector<QueueEntry>& scratch);

// What agent-wise phases hand on: money released, occupancy, returns, and for the assignment phase the ELB who
// started waiting and the subsidised jobs due for an extension decision. Merged in any order: sums of integers,
// and lists that are sorted or processed in an order of their own.
struct Tally {
  std::vector<int64_t> release_cents;  // title × year index
  std::vector<int> occupied_delta;     // per instrument
  std::vector<uint32_t> returns;       // agents whose job ends at their return_at
  std::vector<QueueEntry> fresh;       // new in the assignment queue (sorted there)
  std::vector<uint32_t> extensions;    // approval periods ended with the review saying extend (slot order there)
  uint64_t stepped = 0;                // agents taken through the full steps (World::Work)
  uint64_t planned = 0;                // agents taken through the plan steps only
  void reset(size_t titles, size_t years, size_t instruments);
  void merge(const Tally& other);
};

struct RunConfig {
  uint64_t seed = 1;
  int grain = 4096;  // agents per parallel block within a replication
  bool parallel_agents = true;
  // The reference path: every agent goes through the full steps of phases 5-7, none is passed over as quiet.
  // The same results, slower; the tests compare the two.
  bool every_agent_exact = false;
  // False: the portable code even where the processor has AVX2 (the same results; the tests compare the two).
  bool vector_paths = true;
};

class World {
 public:
  // `tables`: Prepared::of(scenario), shared by the replications of a run; built here if not given.
  World(const model::Scenario& scenario, const stats::Layout& layout, uint32_t replication,
        const RunConfig& config, std::shared_ptr<const Prepared> tables = nullptr);

  const model::Scenario& s;
  const stats::Layout& layout;
  const RunConfig config;
  Stream rng;

 private:
  std::shared_ptr<const Prepared> prepared_;

 public:
  const Prepared& prepared;  // the scenario's tables: post-programme factors, attribute distributions
  int t = 0;           // current month offset
  int first_year = 0;  // calendar year of t = 0
  int years = 0;       // years the commitment tables cover
  uint64_t agent_months = 0;  // agents present at the start of each month, summed (the work done)
  // How the work went, summed over the run, for benchmarks and profiling; no result depends on it.
  struct Work {
    uint64_t stepped = 0;    // agent-months that went through the full steps of phases 5-7
    uint64_t planned = 0;    // agent-months of seekers that went through the plan steps only (the rest were quiet)
    uint64_t decisions = 0;  // assignment decisions (a skipped stage and the next one offered count once)
    uint64_t entered = 0;    // decisions that ended with the person entering an instrument
    uint64_t waiting = 0;    // decisions that ended with the person waiting (no place, or the money not bound)
  } work;

  Agents agents;
  std::vector<MonthFlags> flags;  // per agent, this month
  std::vector<int8_t> team_of;    // per agent: the INTEGRATION team serving it, kNone
  std::vector<InstrumentState> instruments;
  std::vector<TitleState> titles;
  std::vector<TeamState> teams;
  std::vector<std::array<double, 4>> rate_factor;  // per segment: job finding, exit, inflow, dropout
  std::vector<std::vector<int>> supplements_of;    // per host instrument
  // The ELB waiting for a decision, in the order decisions are made. Kept from month to month so that only
  // newcomers need sorting; the agent phase, which visits every agent anyway, finds them (`fresh`) and the
  // subsidised jobs due for an extension decision (`extensions`), for this month's assignment phase.
  std::vector<QueueEntry> queue;
  std::vector<QueueEntry> fresh;
  std::vector<QueueEntry> queue_scratch;  // working space of the assignment phase
  std::vector<uint32_t> extensions;
  // Whether agent i is one the assignment phase decides on now: seeking, in benefits, waiting for a stage, with
  // a team, and not new this month.
  bool is_candidate(size_t i) const {
    const auto& a = agents;
    return a.status[i] == static_cast<uint8_t>(Status::kSeeking) && a.in_benefits[i] &&
           a.waiting_since[i] != kNotWaiting && a.entered_at[i] != t && team_of[i] >= 0;
  }
  // After agent i's month in the agent phase: notes it for this month's assignment phase. A candidate not queued
  // with its current wait is new in the queue (a wait that started anew is a new entry; the assignment phase
  // drops the old one).
  void note_for_assignment(size_t i, Tally& tally) {
    if (flags[i].extension_pending) tally.extensions.push_back(static_cast<uint32_t>(i));
    if (is_candidate(i) && agents.queued_since[i] != agents.waiting_since[i]) {
      tally.fresh.emplace_back(agents.waiting_since[i], agents.priority[i], agents.id[i], static_cast<uint32_t>(i));
      agents.queued_since[i] = agents.waiting_since[i];
    }
  }
  bool teams_change_monthly = false;               // some team's `serves` reads monthly-changing attributes
  std::vector<bool> exits_change_monthly;          // per segment: some exit rule reads them
  // Per (chain, stage), either of them possibly kNone, at stage_cell(chain, stage): the stage's instrument (the
  // number of instruments where there is no stage) and the months a wait for it may last (0: no limit). Tables
  // that any agent's chain and stage, current or stale, index without a branch.
  size_t stage_stride = 1;
  std::vector<int32_t> stage_instrument;
  std::vector<int32_t> stage_wait_max;
  size_t stage_cell(int chain, int stage) const {
    return static_cast<size_t>(chain + 1) * stage_stride + static_cast<size_t>(stage + 1);
  }
  // Per Förderkette c: the largest participation share of chains c, c + 1, ...: a participation draw above it
  // leaves the person without a chain whichever of them holds first.
  std::vector<double> participation_from;
  std::vector<double> contact_factor;              // per team, this month
  // Which offers of instrument `ins` agent i's conditions allow: for an instrument bit 0, for a CATALOGUE line
  // bit p for its p-th part where the line's and the part's conditions hold (never a supplement). The maximum of
  // subsidised employment is not tested here. Where the conditions read only the profile (eligibility_kept),
  // the answer is remembered per (instrument, segment, the profile bits the conditions restrict).
  uint64_t allowed_offers(size_t i, int ins);
  uint64_t allowed_offers_now(int ins, const model::Facts& f) const;
  // Per instrument: whether its conditions (and for a catalogue line those of its projects) read only the profile.
  std::vector<uint8_t> eligibility_kept;
  std::vector<uint32_t> eligibility_read;  // per instrument: the value bits its conditions restrict
  static constexpr int kEligibilityMemoBits = 10;
  struct EligibilityMemo {
    uint64_t key = ~uint64_t{0};
    uint64_t allowed = 0;
  };
  std::vector<EligibilityMemo> eligibility_memo;
  // The Förderketten agent i may follow, in order: those whose target group reads only the profile and holds for
  // it, and all others (choose_chain tests them). Remembered per (segment, the profile bits those groups restrict).
  using ChainMask = std::array<uint64_t, (model::kMaxChains + 63) / 64>;
  ChainMask chain_candidates(size_t i);
  std::vector<uint8_t> chain_profile_only;  // per Förderkette: its target group reads only the profile
  uint32_t chains_read = 0;
  static constexpr int kChainMemoBits = 10;
  struct ChainMemo {
    uint64_t key = ~uint64_t{0};
    ChainMask candidates{};
  };
  std::vector<ChainMemo> chain_memo;
  struct CostCents {
    int64_t first = 0;             // a participation's first month (with the one-off cost)
    std::vector<int64_t> by_year;  // later months, by year of the participation (one entry unless subsidised)
  };
  std::vector<CostCents> cost_cents;  // per instrument
  // The monthly costs of all instruments in one list: instrument k's first month at cost_cell(k, 0), its later
  // months from cost_cell(k, 1) on, by year of the participation (accounting counts the months paid per cell).
  std::vector<size_t> cost_cell_of;  // per instrument, the index of its first-month cell
  size_t cost_cells = 0;
  size_t cost_cell(int instrument, int k) const {
    const auto& c = cost_cents[static_cast<size_t>(instrument)];
    return cost_cell_of[static_cast<size_t>(instrument)] +
           (k == 0 ? 0 : 1 + std::min(static_cast<size_t>(k / 12), c.by_year.size() - 1));
  }
  std::array<double, 25> duration_factor{};          // by months in benefits within 24
  stats::Values values;
  std::vector<std::vector<uint32_t>> returns_by_month;  // agents whose job ends in month t

  int calendar_month() const { return s.month_at(t).month(); }  // 1..12
  int year_index(int month_offset) const { return s.month_at(month_offset).year() - first_year; }

  // What conditions read of agent i (its profile bits must be current: set_profile_bits).
  model::Facts facts(size_t i) const {
    const auto& a = agents;
    JCSIM_ASSERT(a.profile_bits[i] == profile_bits_now(i), "profile bits out of date");
    return {a.profile_bits[i] | model::lzb_bit(is_lzb(i)), a.segment[i], static_cast<int16_t>(a.bm24[i]),
            static_cast<int16_t>(a.bm84[i]), a.unemployed_months[i]};
  }
  // Agent i's profile bits from its attribute columns; set_profile_bits stores them (after a change of age
  // group, language or qualification).
  uint32_t profile_bits_now(size_t i) const;
  void set_profile_bits(size_t i) {
    agents.profile_bits[i] = profile_bits_now(i);
    agents.review_reach[i] = review_reach(i);
  }
  // Agents::review_reach of agent i from its profile (refresh_profile and set_profile_bits keep it).
  uint8_t review_reach(size_t i);
  bool is_lzb(size_t i) const {
    return agents.in_benefits[i] && agents.benefit_months_24(i) >= s.population.lzb_min_months;
  }

  // Cost in cents of the k-th month of a participation (k counts subsidy months for subsidised employment).
  int64_t month_cost_cents(int instrument, int k) const {
    const auto& c = cost_cents[static_cast<size_t>(instrument)];
    return k == 0 ? c.first : c.by_year[std::min(static_cast<size_t>(k / 12), c.by_year.size() - 1)];
  }
  int64_t supplement_cost_cents(int supplement) const { return cost_cents[static_cast<size_t>(supplement)].by_year[0]; }
  // Calls f(year_index, n) for the months [t, t + months) as runs of n months within one calendar year.
  template <typename F>
  void for_year_runs(int months, F&& f) const {
    int y = year_index(t);
    for (int j = 0, left = 13 - calendar_month(); j < months; j += left, left = 12, ++y) {
      left = std::min(left, months - j);
      f(y, left);
    }
  }
  // Calls f(year_index, cents, n) for the months [t, t + months) of a participation of `instrument` from month
  // index first_k on: runs of n months within one calendar year that cost the same (month_cost_cents).
  template <typename F>
  void for_cost_runs(int instrument, int first_k, int months, F&& f) const {
    const auto& c = cost_cents[static_cast<size_t>(instrument)];
    for_year_runs(months, [&](int y, int n) {
      for (int k = first_k, end = first_k + n; k < end;) {
        if (k == 0) {
          f(y, c.first, 1);
          ++k;
          continue;
        }
        const size_t cost_year = std::min(static_cast<size_t>(k / 12), c.by_year.size() - 1);
        const int to = cost_year + 1 < c.by_year.size() ? std::min(end, 12 * static_cast<int>(cost_year + 1)) : end;
        f(y, c.by_year[cost_year], to - k);
        k = to;
      }
      first_k += n;
    });
  }
  // Whether the titles paying `instrument` can bind this year's part of `months` months from month index first_k
  // (`precommitted`: this year's part is already in the declared commitments).
  bool can_commit(int instrument, int first_k, int months, bool precommitted = false) const;

  // The months agent i would stay in `ins` if it entered now (a keyed draw: the same in enter()).
  int planned_months(size_t i, int ins) const;
  // Starts agent i in instrument `ins` now for `months` = planned_months(i, ins) (assignment phase, sequential).
  void enter(size_t i, int ins, int months);
  // Ends agent i's participation early or at its end: releases the money bound for months not yet paid.
  void leave_instrument(size_t i, Tally& tally);
  // An integration of `kind` for agent i (leaves any instrument first).
  void integrate(size_t i, model::IntegrationKind kind, Tally& tally);
  // Agent i comes back into benefits (a returner, or a subsidised job that ended).
  void back_to_benefits(size_t i);
  // Agent i leaves benefits.
  void leave_benefits(size_t i);
  // Applies the chain rules after agent i's stage ended (or was skipped: hop counts skips in one month).
  void next_stage(size_t i, Tally& tally, int hop = 0);
  // The keyed draws that make new people, for up to kChunk agents in consecutive slots: made by the batched
  // generator, the same words as one call per agent.
  struct NewcomerWords {
    static constexpr size_t kChunk = 256;
    // Purpose::kAttributes, blocks 0..3, by column: attribute[4 b + j][k] is word j of block b of the k-th agent.
    std::array<std::array<uint32_t, kChunk>, 16> attribute;
    std::array<Stream::Words, kChunk> newcomer;  // Purpose::kNewcomer: priority, chain, waited
  };
  void newcomer_words(size_t first, size_t n, NewcomerWords& out) const;
  // Appends n agents with neutral values (and their per-agent month state); returns the first slot.
  size_t add_agents(const uint64_t* ids, size_t n);
  // Reserves the columns for everyone the run is expected to hold (the initial stock, the running cohorts and
  // the inflow with a margin), so that adding agents does not move them. A copied World has no spare capacity.
  void reserve_for_run();
  // Draws the attributes and benefit history of the new agent in slot i of `segment` (keyed by its id only);
  // k: its place in `words` (filled from slot i - k).
  void draw_person(size_t i, int segment, const NewcomerWords& words, size_t k);
  // The same for the n agents of `segment` in slots first .. first + n - 1, whose words are `words`
  // (newcomers.cpp: eight at a time with AVX2 where the processor has it; the same values).
  void draw_people(size_t first, size_t n, int segment, const NewcomerWords& words);
  // Appends the people first .. first + n - 1 (n <= NewcomerWords::kChunk) of `segment` that arrive from `origin`
  // in `month` (their ids: make_id), with their newcomer words in `words` and their attributes and benefit history
  // drawn (draw_people); returns the first slot.
  size_t add_people(Origin origin, uint32_t month, int segment, uint32_t first, size_t n, NewcomerWords& words);
  // Recomputes agent i's cached team mask, caseworker team, exit hazard, report segments and review reach (on
  // arrival, at a new age group; its profile bits must be current).
  void refresh_profile(size_t i);
  // What refresh_profile sets, for agent i with facts f.
  struct Profile {
    uint16_t teams = 0;
    int8_t team_of = kNone;
    uint8_t report_segments = 0;
    float exit_hazard = 0;
    uint8_t review_reach = 0;  // Agents::review_reach (set by refresh_profile, not profile_of)
  };
  Profile profile_of(size_t i, const model::Facts& f) const;
  // True while an agent-wise phase runs in parallel blocks: the memos below (profiles, chains) are then neither read
  // nor written, their answers computed anew (the same answers), so that the blocks share no written state.
  bool in_parallel_blocks = false;
  // Profiles by (segment, the profile bits read), where teams and exit rules read nothing else (empty otherwise).
  static constexpr int kProfileMemoBits = 10;
  struct ProfileMemo {
    uint64_t key = ~uint64_t{0};
    Profile profile;
  };
  std::vector<ProfileMemo> profile_memo;
  uint32_t profile_read = 0;  // the profile bits a profile depends on
  // The combined hazard of the exit rules of agent i's segment that hold for `f` = facts(i) (without rate factors).
  double exit_hazard_now(size_t i, const model::Facts& f) const;
  // Chooses agent i's Förderkette (on entry into benefits, at a review), with `u` the participation draw:
  // u01 of word 0 of its Purpose::kChain words of month t unless given.
  void choose_chain(size_t i);
  void choose_chain(size_t i, double u);

  bool job_like(int ins) const {
    const auto& x = s.instruments[static_cast<size_t>(ins)];
    return x.is_employment || x.counts_as_integration;
  }
  void apply_tally(const Tally& tally);

  // Binds (sign +1) or releases (sign -1) the money of `months` months of a participation from month index
  // first_k, paid from month t on: directly (tally == nullptr, sequential phases) or through a tally.
  // Months in calendar years before `first_year_index` are skipped (initial cohorts: declared commitments).
  void commit(int instrument, int first_k, int months, int64_t sign, Tally* tally, int first_year_index = 0);
};

}  // namespace jcsim::sim
