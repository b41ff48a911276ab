// The world before month 0: the initial ELB stock of every segment, and the cohorts already in instruments
// (the running §16i cases, for example), whose money the scenario declares as commitments of the start year.
#include <bit>
#include <memory>

#include <boost/random/poisson_distribution.hpp>

#include "engine/sim/phases.h"
#include "engine/sim/random_batch.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

namespace {

// Age in years within an age group (uniform); the group bounds are those of the AgeGroup definition.
int draw_age(model::AgeGroup g, uint32_t w) {
  static constexpr int lo[] = {15, 25, 55, 58}, hi[] = {24, 54, 57, 66};
  const int k = static_cast<int>(g);
  const int span = hi[k] - lo[k] + 1;
  return lo[k] + uniform_index(w, span);
}

// Sets the benefit history so that the last `m24` months of 24 and `extra` months of 25..84 are in benefits,
// each as one recent spell (the person's current spell, then an earlier one).
void set_history(Agents& a, size_t i, int m24, int extra) {
  // `n` ones from bit 0 (n may be 0 or the full width).
  const auto ones64 = [](int n) { return n <= 0 ? uint64_t{0} : n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; };
  const auto ones32 = [](int n) { return n <= 0 ? uint32_t{0} : n >= 32 ? ~uint32_t{0} : (uint32_t{1} << n) - 1; };
  // Months 1..24 back are bits 0..23, the earlier spell starts at bit 24; bits beyond 63 go to `old`.
  const uint64_t h = ones64(m24) | (ones64(std::min(extra, 40)) << 24);
  a.history[i] = static_cast<uint32_t>(h);
  a.history_mid[i] = static_cast<uint32_t>(h >> 32);
  a.history_old[i] = ones32(extra - 40);
  a.bm24[i] = static_cast<uint8_t>(m24);
  a.bm84[i] = static_cast<uint8_t>(m24 + extra);
}

}  // namespace

void World::newcomer_words(size_t first, size_t n, NewcomerWords& out) const {
  JCSIM_ASSERT(n <= NewcomerWords::kChunk && first + n <= agents.size(), "newcomer chunk out of range");
  const uint64_t* ids = agents.id.data() + first;
  for (uint32_t b = 0; b < 4; ++b) words_batch(rng, ids, n, -1, Purpose::kAttributes, b, out.attributes[b].data());
  words_batch(rng, ids, n, -1, Purpose::kNewcomer, 0, out.newcomer.data());
}

void World::draw_person(size_t i, int g, const NewcomerWords& words, size_t k) {
  auto& a = agents;
  const auto& attr = prepared.person_cdf[static_cast<size_t>(g)];
  const auto& w0 = words.attributes[0][k];
  const auto& w1 = words.attributes[1][k];
  const auto& w2 = words.attributes[2][k];
  const auto& w3 = words.attributes[3][k];
  a.segment[i] = static_cast<uint8_t>(g);
  const auto group = static_cast<model::AgeGroup>(attr.age.pick_word(w0[0]));
  a.age_years[i] = static_cast<uint8_t>(draw_age(group, w3[2]));
  a.birth_month[i] = static_cast<uint8_t>(1 + uniform_index(w3[3], 12));
  const auto sex = static_cast<model::Sex>(attr.sex.pick_word(w0[1]));
  const auto household = static_cast<model::Household>(attr.household.pick_word(w0[2]));
  const auto migration = static_cast<model::Migration>(attr.migration.pick_word(w0[3]));
  const auto language = static_cast<model::Language>(attr.language.pick_word(w1[0]));
  const auto qualification = static_cast<model::Qualification>(attr.qualification.pick_word(w1[1]));
  const auto health = static_cast<model::Health>(attr.health.pick_word(w1[2]));
  const auto distance = static_cast<model::Distance>(attr.distance.pick_word(w1[3]));
  a.sex[i] = static_cast<uint8_t>(sex);
  a.household[i] = static_cast<uint8_t>(household);
  a.migration[i] = static_cast<uint8_t>(migration);
  a.language[i] = static_cast<uint8_t>(language);
  a.qualification[i] = static_cast<uint8_t>(qualification);
  a.health[i] = static_cast<uint8_t>(health);
  a.distance[i] = static_cast<uint8_t>(distance);
  // The drawn age lies in the drawn group, so the profile bits follow from the values drawn.
  a.profile_bits[i] =
      model::AgentView::profile_bits(group, sex, household, migration, language, qualification, health, distance);
  JCSIM_ASSERT(a.profile_bits[i] == profile_bits_now(i), "a drawn age outside its group");
  const int m24 = attr.benefit_months_24.draw(w2[0], w2[1]);
  const int extra = attr.benefit_months_84_extra.draw(w2[2], w2[3]);
  set_history(a, i, m24, extra);
  a.unemployed_months[i] = static_cast<int16_t>(attr.unemployed_months.draw(w3[0], w3[1]));
  a.priority[i] = words.newcomer[k][0];
}

namespace {

void add_initial_stock(World& w) {
  auto& a = w.agents;
  using Chunk = World::NewcomerWords;
  auto words = std::make_unique<Chunk>();
  std::array<uint64_t, Chunk::kChunk> ids;
  for (size_t g = 0; g < w.s.population.segments.size(); ++g) {
    const auto n = static_cast<uint32_t>(w.s.population.segments[g].initial_stock);
    for (uint32_t first = 0; first < n; first += Chunk::kChunk) {
        const uint32_t m = std::min<uint32_t>(Chunk::kChunk, n - first);
        for (uint32_t k = 0; k < m; ++k) ids[k] = make_id(Origin::kInitialStock, 0, static_cast<uint32_t>(g), first + k);
        const size_t slot0 = w.add_agents(ids.data(), m);
        w.newcomer_words(slot0, m, *words);
        for (uint32_t k = 0; k < m; ++k) {
          const size_t i = slot0 + k;
          w.draw_person(i, static_cast<int>(g), *words, k);
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
              const double u = u01(words->newcomer[k][2]);
              const int waited = std::min(static_cast<int>(u * stage.wait_max_months), stage.wait_max_months - 1);
              a.waiting_since[i] = static_cast<int16_t>(w.t - waited);
            }
          }
        }
    }
  }
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
      if (x.initial.segment_mask >> g & 1u) total += weight[g] = std::max(w.s.population.segments[g].initial_stock, 1e-9);
    for (auto& v : weight) v /= total;
    using Chunk = World::NewcomerWords;
    auto words = std::make_unique<Chunk>();
    std::array<Stream::Words, Chunk::kChunk> initial_words;
    std::array<uint64_t, Chunk::kChunk> ids;
    const auto elapsed_cdf = MonthsCdf::of(x.initial.elapsed);
    for (uint32_t first = 0; first < n; first += Chunk::kChunk) {
      const uint32_t m = std::min<uint32_t>(Chunk::kChunk, n - first);
      for (uint32_t k = 0; k < m; ++k)
        ids[k] = make_id(Origin::kInitialParticipant, 0, static_cast<uint32_t>(ins), first + k);
      const size_t slot0 = w.add_agents(ids.data(), m);
      w.newcomer_words(slot0, m, *words);
      words_batch(w.rng, ids.data(), m, -1, Purpose::kInitial, 0, initial_words.data());
      for (uint32_t k = 0; k < m; ++k) {
        const size_t i = slot0 + k;
        const auto& wi = initial_words[k];
        w.draw_person(i, pick(weight, u01(wi[0])), *words, k);
        const int elapsed = elapsed_cdf.draw(wi[1], wi[2]);
        a.status[i] = static_cast<uint8_t>(Status::kMeasure);
        a.instrument[i] = static_cast<int16_t>(ins);
        a.precommitted[i] = 1;
        a.in_benefits[i] = x.is_employment && !x.participants_remain_elb ? 0 : 1;
        if (x.is_employment) {
          const int approval = x.employment.approval_months;
          a.subsidy_months[i] = static_cast<uint8_t>(elapsed);
          a.months_in[i] = static_cast<uint8_t>(elapsed % approval);
          a.duration[i] = static_cast<uint8_t>(std::min(approval, x.employment.max_months - elapsed + a.months_in[i]));
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
    for (unsigned m = w.agents.teams[i]; m != 0; m &= m - 1) ++w.teams[static_cast<size_t>(std::countr_zero(m))].served;
  }
}

}  // namespace jcsim::sim
