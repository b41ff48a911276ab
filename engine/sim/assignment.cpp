// Phase 8: caseworkers decide on the ELB waiting for the next stage of their Förderkette. A team makes as many
// decisions as its contacts reach its waiting ELB (contacts per ELB × waiting ELB). Waiting ELB are taken in a
// deterministic order: longest waiting first, ties broken by a keyed random priority per person — never by thread
// timing or storage order. A decision offers the stage's instrument: a person who is not eligible skips the stage
// (its rules choose the next one); otherwise the person enters if the instrument is open, a place is free (P:
// occupied; F: cases this year; E: entries this year) and the paying titles can bind this year's cost; if not,
// the person keeps waiting in the instrument's queue. A stage that names a measure catalogue (a CATALOGUE plan
// line) offers the line's projects in the order written, the first with a free place the person is eligible for.
#include <algorithm>
#include <bit>
#include <array>
#include <cmath>
#include <tuple>
#include <utility>

#include "engine/sim/agent_steps.h"
#include "engine/sim/phases.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

namespace {

// A stable least-significant-digit radix sort of v by the bytes from kFirstByte on of key(element); bytes that
// all elements share are skipped. No data-dependent branches: comparison sorts of random keys mispredict about
// every other comparison.
template <int kFirstByte, typename T, typename Key>
void radix_sort(std::vector<T>& v, std::vector<T>& scratch, Key key) {
  scratch.resize(v.size());
  // The counts of every byte in one pass over the keys.
  std::array<std::array<uint32_t, 256>, 8> counts{};
  for (const auto& e : v) {
    const uint64_t k = key(e);
#pragma GCC unroll 8
    for (int b = kFirstByte; b < 8; ++b) ++counts[static_cast<size_t>(b)][k >> (8 * b) & 0xFF];
  }
  for (int b = kFirstByte; b < 8; ++b) {
    auto& count = counts[static_cast<size_t>(b)];
    const int shift = 8 * b;
    if (count[key(v.front()) >> shift & 0xFF] == v.size()) continue;  // one value: nothing to reorder
    uint32_t at = 0;
    for (auto& c : count) at += std::exchange(c, at);
    for (const auto& e : v) scratch[count[key(e) >> shift & 0xFF]++] = e;
    v.swap(scratch);
  }
}

}  // namespace

// Radix sorts by the 64-bit order key, then runs of equal keys by id. Up to 2^16 entries, the keys (48 bits: the
// month the wait began, offset, and the priority) are sorted with the entry's position in their low 16 bits, so
// each pass moves 8 bytes instead of an entry, and the entries are placed once at the end.
void sort_queue_entries(std::vector<QueueEntry>& v, std::vector<QueueEntry>& scratch) {
  if (v.size() < 64) {
    std::sort(v.begin(), v.end());
    return;
  }
  if (v.size() <= size_t{1} << 16) {
    static_assert(sizeof(QueueEntry::order) == 8, "order keys of 48 bits, shifted by 16");
    std::vector<uint64_t> keys(v.size()), key_scratch;
    for (size_t k = 0; k < v.size(); ++k) {
      JCSIM_ASSERT(v[k].order >> 48 == 0, "an order key beyond 48 bits");
      keys[k] = v[k].order << 16 | k;
    }
    radix_sort<2>(keys, key_scratch, [](uint64_t x) { return x; });
    scratch.resize(v.size());
    for (size_t k = 0; k < v.size(); ++k) scratch[k] = v[keys[k] & 0xFFFF];
    v.swap(scratch);
  } else {
    radix_sort<0>(v, scratch, [](const QueueEntry& e) { return e.order; });
  }
  for (size_t i = 0; i + 1 < v.size();) {
    size_t j = i + 1;
    while (j < v.size() && v[j].order == v[i].order) ++j;
    if (j - i > 1) std::sort(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(j));
    i = j;
  }
}

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
    case model::CapacityUnit::kEntriesPerYear: {
      // Paced by quarter where the scenario says so (what a quarter leaves unused carries over).
      const double open = x.quarter_open[static_cast<size_t>((w.calendar_month() - 1) / 3)];
      return open >= 1 ? st.year_count < st.capacity : st.year_count < std::floor(st.capacity * open + 1e-9);
    }
    case model::CapacityUnit::kOpen:
      return true;
    case model::CapacityUnit::kFlatRate:
    case model::CapacityUnit::kCatalogue:  // entered through its projects
      return false;
  }
  return false;
}

bool open_now(const World& w, int ins) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  return !w.instruments[static_cast<size_t>(ins)].closed && w.t >= x.available_from && w.t <= x.available_until;
}

// Whether agent i is funded beyond the maximum of subsidised employment if it enters `ins` (its months count
// over a whole life: after 60 months of §16i nobody is funded again).
bool over_maximum(const World& w, size_t i, int ins) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  return x.is_employment && w.agents.subsidy_months[i] >= x.employment.max_months;
}

enum class Offer { kEntered, kWait, kNotEligible };

// Instruments found without a place to enter in this month's assignment phase. While the phase decides, places
// are only taken (what ending cases free takes effect after it), so an instrument found closed or full stays so
// until the phase ends.
class Places {
 public:
  explicit Places(const World& w) : none_(w.instruments.size(), 0) {}
  bool enterable(const World& w, int ins) {
    auto& none = none_[static_cast<size_t>(ins)];
    if (none) return false;
    none = !open_now(w, ins) || !place_free(w, ins);
    return !none;
  }
  // Whether some project of the catalogue line `line` has a place (none: the line is remembered like a full
  // instrument).
  bool line_enterable(const World& w, int line) {
    auto& none = none_[static_cast<size_t>(line)];
    if (none) return false;
    bool place = false;
    if (open_now(w, line))
      for (const int k : w.s.instruments[static_cast<size_t>(line)].parts)
        if (!w.s.instruments[static_cast<size_t>(k)].is_supplement() && enterable(w, k)) {
          place = true;
          break;
        }
    none = !place;
    return place;
  }

 private:
  std::vector<uint8_t> none_;
};

// Offers agent i instrument `ins`: it enters if it is eligible (its conditions hold and it is not at the maximum of
// subsidised employment), the instrument is open, a place is free and the paying titles can bind this year's
// cost. A CATALOGUE line offers its projects in the order written, the first with a free place the person is
// eligible for; the person is not eligible for the line if it is eligible for none of them. Who is eligible
// mostly depends on the profile alone, and is then remembered (World::allowed_offers): most decisions meet a
// full instrument, and the person simply keeps waiting.
Offer offer(World& w, size_t i, int ins, Places& places) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  const auto try_enter = [&](int k) {
    if (!places.enterable(w, k)) return false;
    const auto& xk = w.s.instruments[static_cast<size_t>(k)];
    const int months = w.planned_months(i, k);
    if (!w.can_commit(k, xk.is_employment ? w.agents.subsidy_months[i] : 0, months)) return false;
    w.enter(i, k, months);
    return true;
  };
  if (!x.is_catalogue()) {
    if (w.allowed_offers(i, ins) == 0 || over_maximum(w, i, ins)) return Offer::kNotEligible;
    return try_enter(ins) ? Offer::kEntered : Offer::kWait;
  }
  uint64_t allowed = w.allowed_offers(i, ins);
  for (uint64_t m = allowed; m != 0; m &= m - 1) {
    const auto p = static_cast<size_t>(std::countr_zero(m));
    if (over_maximum(w, i, x.parts[p])) allowed &= ~(uint64_t{1} << p);
  }
  if (allowed == 0) return Offer::kNotEligible;
  if (!places.line_enterable(w, ins)) return Offer::kWait;
  for (; allowed != 0; allowed &= allowed - 1)
    if (try_enter(x.parts[static_cast<size_t>(std::countr_zero(allowed))])) return Offer::kEntered;
  return Offer::kWait;
}

// One decision for agent i; stages it is not eligible for are skipped.
void decide(World& w, size_t i, Places& places, Tally& tally) {
  auto& a = w.agents;
  ++w.work.decisions;
  for (int hop = 0; hop < 64; ++hop) {
    if (a.chain[i] < 0 || a.stage[i] < 0 || a.status[i] != static_cast<uint8_t>(Status::kSeeking)) return;
    const auto& stage = w.s.foerderketten[static_cast<size_t>(a.chain[i])].stages[static_cast<size_t>(a.stage[i])];
    const Offer o = offer(w, i, resolve(w, stage.instrument), places);
    w.work.entered += o == Offer::kEntered;
    w.work.waiting += o == Offer::kWait;
    if (o != Offer::kNotEligible) return;
    w.next_stage(i, tally, hop + 8);
  }
}

}  // namespace

namespace {

// Brings the queue up to date: entries that no longer wait (or whose waiting started anew) leave; the newcomers
// the agent phase found are sorted and merged in. The result is the sorted list of all candidates, as a full
// sort would give.
// Counts the queue's ELB per team into `waiting_per_team`.
void update_queue(World& w, std::vector<int>& waiting_per_team) {
  auto& a = w.agents;
  auto& q = w.queue;
  size_t kept = 0;
  for (const auto& e : q) {
    if (w.is_candidate(e.slot) && a.waiting_since[e.slot] == e.since()) {
      q[kept++] = e;
      ++waiting_per_team[static_cast<size_t>(w.team_of[e.slot])];
    } else if (a.queued_since[e.slot] == e.since()) {  // not queued again with a new wait
      a.queued_since[e.slot] = kNotWaiting;
    }
  }
  q.resize(kept);
  for (const auto& e : w.fresh) ++waiting_per_team[static_cast<size_t>(w.team_of[e.slot])];
  // The scratch vector is last month's queue: sized already, so resizing it initialises little.
  auto& merged = w.queue_scratch;
  sort_queue_entries(w.fresh, merged);  // merged serves as the sort's scratch space first
  merged.resize(q.size() + w.fresh.size());
  std::merge(q.begin(), q.end(), w.fresh.begin(), w.fresh.end(), merged.begin());
  q.swap(merged);
  w.fresh.clear();
}

}  // namespace

void assignment_phase(World& w) {
  std::vector<int> waiting_per_team(w.teams.size(), 0);
  update_queue(w, waiting_per_team);
  // Running cases are decided in slot order (a fixed order: slots are assigned deterministically).
  std::vector<uint32_t> extensions;
  extensions.swap(w.extensions);
  std::sort(extensions.begin(), extensions.end());
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
  Places places(w);
  for (const auto& c : w.queue) {
    auto& team = w.teams[static_cast<size_t>(w.team_of[c.slot])];
    if (team.decisions_left <= 0) continue;
    --team.decisions_left;
    decide(w, c.slot, places, tally);
  }
  w.apply_tally(tally);
#if JCSIM_CHECKS_ON
  for (size_t k = 0; k < w.instruments.size(); ++k)
    if (w.s.instruments[k].capacity_unit == model::CapacityUnit::kPlaces && w.instruments[k].entries > 0)
      JCSIM_ASSERT(w.instruments[k].occupied <= w.instruments[k].capacity, "occupied places above capacity");
#endif
}

}  // namespace jcsim::sim
