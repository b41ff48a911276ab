// The world before month 0: the initial ELB stock of every segment, and the cohorts already in instruments
// (the running §16i cases, for example), whose money the scenario declares as commitments of the start year.
#include <algorithm>
#include <bit>
#include <memory>
#include <utility>
#include <vector>

#include <boost/random/poisson_distribution.hpp>

#include "engine/sim/phases.h"
#include "engine/sim/random_batch.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

namespace {

void add_initial_stock(World& w) {
  auto& a = w.agents;
  using Chunk = World::NewcomerWords;
  auto words = std::make_unique<Chunk>();
  for (size_t g = 0; g < w.s.population.segments.size(); ++g) {
    const auto n = static_cast<uint32_t>(w.s.population.segments[g].initial_stock);
    for (uint32_t first = 0; first < n; first += Chunk::kChunk) {
      const uint32_t m = std::min<uint32_t>(Chunk::kChunk, n - first);
      const size_t slot0 = w.add_people(Origin::kInitialStock, 0, static_cast<int>(g), first, m, *words);
      for (uint32_t k = 0; k < m; ++k) {
        const size_t i = slot0 + k;
        a.status[i] = static_cast<uint8_t>(Status::kSeeking);
        a.in_benefits[i] = 1;
        w.choose_chain(i, u01(words->newcomer[k][1]));
        // The stock at the start has been waiting for a while already, as a stock in steady state would: the
        // time waited is spread evenly over the stage's maximum wait, so the initial queue drains month by month
        // instead of expiring all at once when the maximum is first reached.
        if (a.stage[i] >= 0) {
          const auto& stage =
              w.s.foerderketten[static_cast<size_t>(a.chain[i])].stages[static_cast<size_t>(a.stage[i])];
          if (stage.wait_max_months > 0) {
            const int waited = uniform_index(words->newcomer[k][2], stage.wait_max_months);
            a.waiting_since[i] = static_cast<int16_t>(w.t - waited);
          }
        }
      }
    }
  }
}

// The elapsed months of a running cohort's n members, whose kInitial words are `words`. The bins are the
// cohort's composition, which the Jobcenter knows, not each member's chance: a bin's share is spread evenly over
// its months, and each month holds n × its share of the members, rounded by systematic sampling (the members in a
// keyed random order by word 1, at the positions (r + v) / n of the cumulative shares, with one random v in
// [0, 1) per cohort: `offset`). So every replication has the declared cohort up to one member per month, and a
// month holds n × its share on average exactly, which keeps a calibrated share's effect smooth.
std::vector<int> cohort_elapsed(const model::MonthsDist& dist, const std::vector<Stream::Words>& words,
                                uint32_t offset) {
  const size_t n = words.size();
  std::vector<int> elapsed(n, 0);
  std::vector<std::pair<int, double>> months;  // (month, its share), in the order of the bins
  for (const auto& b : dist.bins)
    for (int m = b.from; b.share > 0 && m <= b.to; ++m) months.emplace_back(m, b.share / (b.to - b.from + 1));
  if (months.empty()) return elapsed;
  std::vector<uint32_t> order(n);
  for (uint32_t k = 0; k < n; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return words[a][1] != words[b][1] ? words[a][1] < words[b][1] : a < b;
  });
  const double v = 1.0 - u01(offset);  // u01 is in (0, 1]
  size_t j = 0;
  double upper = months[0].second;  // the cumulative share through month j
  for (size_t r = 0; r < n; ++r) {
    const double position = (static_cast<double>(r) + v) / static_cast<double>(n);
    while (position >= upper && j + 1 < months.size()) upper += months[++j].second;
    elapsed[order[r]] = months[j].first;
  }
  return elapsed;
}

// The people already in an instrument at the start, drawn from the segments in proportion to their stock.
void add_initial_cohorts(World& w) {
  auto& a = w.agents;
  for (size_t ins = 0; ins < w.s.instruments.size(); ++ins) {
    const auto& x = w.s.instruments[ins];
    const auto n = static_cast<uint32_t>(x.initial.count);
    if (n == 0) continue;
    std::vector<double> weight(w.s.population.segments.size(), 0.0);
    double total = 0;
    for (size_t g = 0; g < weight.size(); ++g)
      if (x.initial.segment_mask >> g & 1u)
        total += weight[g] = std::max(w.s.population.segments[g].initial_stock, 1e-9);
    for (auto& v : weight) v /= total;
    using Chunk = World::NewcomerWords;
    auto words = std::make_unique<Chunk>();
    std::vector<uint64_t> ids(n);
    for (uint32_t k = 0; k < n; ++k)
      ids[k] = make_id(Origin::kInitialParticipant, 0, static_cast<uint32_t>(ins), k);
    std::vector<Stream::Words> initial_words(n);
    words_batch(w.rng, ids.data(), n, -1, Purpose::kInitial, 0, initial_words.data());
    // The cohort's offset: word 0 of block 1 of its first member's kInitial words (block 0 is each member's own).
    const auto months =
        cohort_elapsed(x.initial.elapsed, initial_words, w.rng.words(ids[0], -1, Purpose::kInitial, 1)[0]);
    for (uint32_t first = 0; first < n; first += Chunk::kChunk) {
      const uint32_t m = std::min<uint32_t>(Chunk::kChunk, n - first);
      const size_t slot0 = w.add_agents(ids.data() + first, m);
      w.newcomer_words(slot0, m, *words);
      for (uint32_t k = 0; k < m; ++k) {
        const size_t i = slot0 + k;
        const auto& wi = initial_words[first + k];
        w.draw_person(i, pick(weight, u01(wi[0])), *words, k);
        const int elapsed = months[first + k];
        a.status[i] = static_cast<uint8_t>(Status::kMeasure);
        a.instrument[i] = static_cast<int16_t>(ins);
        a.precommitted[i] = 1;
        a.in_benefits[i] = x.is_employment && !x.participants_remain_elb ? 0 : 1;
        if (x.is_employment) {
          const int approval = x.employment.approval_months;
          a.subsidy_months[i] = static_cast<uint8_t>(elapsed);
          a.months_in[i] = static_cast<uint8_t>(elapsed % approval);
          a.duration[i] =
              static_cast<uint8_t>(std::min(approval, x.employment.max_months - elapsed + a.months_in[i]));
        } else {
          a.months_in[i] = static_cast<uint8_t>(elapsed);
          const int lo = std::max(x.duration_min, elapsed + 1), span = std::max(x.duration_max - lo + 1, 1);
          a.duration[i] = static_cast<uint8_t>(lo + uniform_index(wi[3], span));
        }
        ++w.instruments[ins].occupied;
        ++w.instruments[ins].year_count;
      }
    }
  }
}

}  // namespace

void World::reserve_for_run() {
  size_t n = 0;
  for (const auto& g : s.population.segments) {
    n += static_cast<size_t>(g.initial_stock);
    for (const double v : g.inflow) n += static_cast<size_t>(v * 1.2) + 8;
  }
  for (const auto& x : s.instruments) n += static_cast<size_t>(x.initial.count);
  agents.reserve(n);
  flags.reserve(n);
  team_of.reserve(n);
}

void populate(World& w) {
  w.reserve_for_run();
  add_initial_stock(w);
  add_initial_cohorts(w);
  // Everyone present before month 0 counts as last month's stock: inflow in month 0 is only new arrivals.
  // Teams know their caseload at the start: it sets month 0's contact density and assignment decisions.
  for (size_t i = 0; i < w.agents.size(); ++i) {
    w.flags[i] = {};
    w.refresh_profile(i);
    if (!w.agents.in_benefits[i]) continue;
    for (unsigned m = w.agents.teams[i]; m != 0; m &= m - 1)
      ++w.teams[static_cast<size_t>(std::countr_zero(m))].served;
  }
}

}  // namespace jcsim::sim
