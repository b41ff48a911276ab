#include "engine/sim/world.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/util/assert.h"

namespace jcsim::sim {

using model::IntegrationKind;


// ---- Agents ------------------------------------------------------------------------------------------------------

namespace {
template <typename F>
void for_each_column(Agents& a, F&& f) {
  f(a.id), f(a.history), f(a.history_mid), f(a.history_old), f(a.segment), f(a.age_years), f(a.birth_month),
      f(a.sex), f(a.household), f(a.migration), f(a.language), f(a.qualification), f(a.health), f(a.distance),
      f(a.status), f(a.in_benefits), f(a.instrument), f(a.chain), f(a.stage), f(a.months_in), f(a.duration),
      f(a.subsidy_months), f(a.waiting_since), f(a.unemployed_months), f(a.post_instrument), f(a.post_months),
      f(a.return_at), f(a.entered_at), f(a.supplement), f(a.precommitted), f(a.bm24), f(a.bm84), f(a.teams),
      f(a.exit_hazard), f(a.priority), f(a.report_segments), f(a.profile_bits), f(a.queued_since),
      f(a.review_reach), f(a.pair_words[0]), f(a.pair_words[1]), f(a.pair_words[2]), f(a.pair_words[3]);
}
}  // namespace

void Agents::reserve(size_t n) {
  for_each_column(*this, [n](auto& column) { column.reserve(n); });
}

size_t Agents::add(const uint64_t* ids, size_t n) {
  const size_t first = size(), end = first + n;
  for_each_column(*this, [end](auto& column) { column.resize(end); });
  std::copy(ids, ids + n, id.begin() + static_cast<ptrdiff_t>(first));
  const auto none = [first, end](auto& column, auto value) {
    std::fill(column.begin() + static_cast<ptrdiff_t>(first), column.begin() + static_cast<ptrdiff_t>(end), value);
  };
  none(instrument, kNone);
  none(chain, int8_t{kNone});
  none(stage, int8_t{kNone});
  none(waiting_since, kNotWaiting);
  none(post_instrument, kNone);
  none(return_at, kNone);
  none(entered_at, kNone);
  none(supplement, kNone);
  none(queued_since, kNotWaiting);
  return first;
}

size_t Agents::bytes_per_agent() {
  size_t bytes = 0;
  Agents probe;
  for_each_column(probe, [&bytes](auto& column) { bytes += sizeof(typename std::decay_t<decltype(column)>::value_type); });
  return bytes;
}


// ---- Tally -------------------------------------------------------------------------------------------------------

void Tally::reset(size_t n_titles, size_t n_years, size_t n_instruments) {
  release_cents.assign(n_titles * n_years, 0);
  occupied_delta.assign(n_instruments, 0);
  returns.clear();
  fresh.clear();
  extensions.clear();
  stepped = 0;
  planned = 0;
}

void Tally::merge(const Tally& other) {
  for (size_t k = 0; k < release_cents.size(); ++k) release_cents[k] += other.release_cents[k];
  for (size_t k = 0; k < occupied_delta.size(); ++k) occupied_delta[k] += other.occupied_delta[k];
  returns.insert(returns.end(), other.returns.begin(), other.returns.end());
  fresh.insert(fresh.end(), other.fresh.begin(), other.fresh.end());
  extensions.insert(extensions.end(), other.extensions.begin(), other.extensions.end());
  stepped += other.stepped;
  planned += other.planned;
}

// ---- World -------------------------------------------------------------------------------------------------------

World::World(const model::Scenario& scenario, const stats::Layout& lay, uint32_t replication, const RunConfig& cfg,
             std::shared_ptr<const Prepared> tables)
    : s(scenario),
      layout(lay),
      config(cfg),
      rng{cfg.seed, replication},
      prepared_(tables ? std::move(tables) : Prepared::of(scenario)),
      prepared(*prepared_),
      values(lay.series_count(), scenario.horizon) {
  first_year = s.start.year();
  // Commitments reach beyond the horizon (BaE 36 months, §16i approvals): cover it and ten more years.
  years = s.month_at(s.horizon - 1).year() - first_year + 11;
  instruments.resize(s.instruments.size());
  supplements_of.resize(s.instruments.size());
  cost_cents.resize(s.instruments.size());
  for (size_t k = 0; k < s.instruments.size(); ++k) {
    const auto& x = s.instruments[k];
    instruments[k].capacity = x.capacity;
    instruments[k].title = x.budget_title;
    for (const int host : x.supplement_to)
      supplements_of[static_cast<size_t>(host)].push_back(static_cast<int>(k));
    // Costs in cents, rounded once: subsidised employment by year of the subsidy (cost_factor_by_year, the last
    // factor holding on), the first month with the one-off cost.
    auto& cost = cost_cents[k];
    const auto& factors = x.employment.cost_factor_by_year;
    const bool by_year = x.is_employment && !factors.empty();
    for (size_t y = 0; y < (by_year ? factors.size() : 1); ++y)
      cost.by_year.push_back(std::llround(100.0 * (x.cost_per_month * (by_year ? factors[y] : 1.0))));
    cost.first = std::llround(100.0 * (x.cost_per_month * (by_year ? factors[0] : 1.0) + x.cost_once));
  }
  for (const auto& c : cost_cents) {
    cost_cell_of.push_back(cost_cells);
    cost_cells += 1 + c.by_year.size();
  }
  // A supplement to a catalogue line is paid alongside each of its projects.
  for (size_t k = 0; k < s.instruments.size(); ++k)
    if (const int line = s.instruments[k].line; line >= 0)
      for (const int sup : supplements_of[static_cast<size_t>(line)]) supplements_of[k].push_back(sup);
  titles.resize(s.budget_titles.size());
  for (auto& title : titles) title.bound_cents.assign(static_cast<size_t>(years), 0);
  teams.resize(s.teams.size());
  contact_factor.assign(s.teams.size(), 1.0);
  for (size_t k = 0; k < s.teams.size(); ++k) {
    teams[k].fte = s.teams[k].fte;
    teams[k].positions = s.teams[k].positions;
    teams[k].arrivals.assign(static_cast<size_t>(s.horizon), 0.0);
  }
  rate_factor.assign(s.population.segments.size(), {1.0, 1.0, 1.0, 1.0});
  for (const auto& team : s.teams) teams_change_monthly |= team.serves.changes_monthly();
  for (const auto& seg : s.population.segments) {
    bool dynamic = false;
    for (const auto& e : seg.exits) dynamic |= e.when.changes_monthly();
    exits_change_monthly.push_back(dynamic);
  }
  for (const auto& chain : s.foerderketten) stage_stride = std::max(stage_stride, chain.stages.size() + 1);
  stage_instrument.assign((s.foerderketten.size() + 1) * stage_stride, static_cast<int32_t>(s.instruments.size()));
  stage_wait_max.assign(stage_instrument.size(), 0);
  for (size_t c = 0; c < s.foerderketten.size(); ++c)
    for (size_t k = 0; k < s.foerderketten[c].stages.size(); ++k) {
      const auto& stage = s.foerderketten[c].stages[k];
      stage_instrument[stage_cell(static_cast<int>(c), static_cast<int>(k))] = stage.instrument;
      stage_wait_max[stage_cell(static_cast<int>(c), static_cast<int>(k))] = stage.wait_max_months;
    }
  // Teams and exit rules that read only the profile: refresh_profile may remember its results per profile.
  bool profile_only = true;
  for (const auto& team : s.teams) profile_only &= team.serves.reads_profile_only();
  for (const auto& seg : s.population.segments)
    for (const auto& e : seg.exits) profile_only &= e.when.reads_profile_only();
  if (profile_only) profile_memo.resize(size_t{1} << kProfileMemoBits);
  // What a profile depends on: the attributes teams and exit rules restrict, and those of the report segments.
  namespace vb = model::value_bits;
  profile_read = ((1u << model::kAgeGroups) - 1) << vb::kAge | ((1u << model::kMigrations) - 1) << vb::kMigration |
                 ((1u << model::kHouseholds) - 1) << vb::kHousehold;
  for (const auto& team : s.teams) profile_read |= team.serves.restricted_bits();
  for (const auto& seg : s.population.segments)
    for (const auto& e : seg.exits) profile_read |= e.when.restricted_bits();
  eligibility_kept.resize(s.instruments.size());
  eligibility_read.resize(s.instruments.size());
  for (size_t k = 0; k < s.instruments.size(); ++k) {
    const auto& x = s.instruments[k];
    bool kept = x.eligible.reads_profile_only();
    uint32_t read = x.eligible.restricted_bits();
    for (const int p : x.parts) {
      kept = kept && s.instruments[static_cast<size_t>(p)].eligible.reads_profile_only();
      read |= s.instruments[static_cast<size_t>(p)].eligible.restricted_bits();
    }
    eligibility_kept[k] = kept;
    eligibility_read[k] = read;
    JCSIM_ASSERT(x.parts.size() <= model::kMaxCatalogueProjects, "a catalogue line with more projects than a mask holds");
  }
  eligibility_memo.resize(size_t{1} << kEligibilityMemoBits);
  for (const auto& chain : s.foerderketten) {
    chain_profile_only.push_back(chain.target_group.reads_profile_only());
    if (chain_profile_only.back()) chains_read |= chain.target_group.restricted_bits();
  }
  chain_memo.resize(size_t{1} << kChainMemoBits);
  profile_read |= chains_read;  // a profile holds the Förderketten a review could offer (review_reach)
  participation_from.assign(s.foerderketten.size() + 1, 0.0);
  for (size_t c = s.foerderketten.size(); c-- > 0;)
    participation_from[c] = std::max(participation_from[c + 1], s.foerderketten[c].participation);
  for (int m = 0; m <= 24; ++m) {
    double f = 1.0;
    for (const auto& step : s.job_finding.duration)
      if (m >= step.from_months) f = step.factor;
    duration_factor[static_cast<size_t>(m)] = f;
  }
  returns_by_month.resize(static_cast<size_t>(s.horizon));
}

uint32_t World::profile_bits_now(size_t i) const {
  const auto& a = agents;
  return model::AgentView::profile_bits(
      age_group(a.age_years[i]), static_cast<model::Sex>(a.sex[i]), static_cast<model::Household>(a.household[i]),
      static_cast<model::Migration>(a.migration[i]), static_cast<model::Language>(a.language[i]),
      static_cast<model::Qualification>(a.qualification[i]), static_cast<model::Health>(a.health[i]),
      static_cast<model::Distance>(a.distance[i]));
}

namespace {
int64_t cofinance_part(const model::Instrument& x, int64_t cents) {
  return x.cofinance_title >= 0 ? std::llround(static_cast<double>(cents) * x.cofinance_share) : 0;
}
}  // namespace

bool World::can_commit(int ins, int first_k, int months, bool precommitted) const {
  if (precommitted && year_index(t) == 0) return true;
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  const int own = instruments[static_cast<size_t>(ins)].title;
  const int y = year_index(t);
  int64_t own_part = 0, cof_part = 0;
  for_cost_runs(ins, first_k, months, [&](int year, int64_t c, int n) {
    if (year != y) return;
    const int64_t cof = cofinance_part(x, c);
    own_part += n * (c - cof);
    cof_part += n * cof;
  });
  const auto fits = [&](int title, int64_t part) {
    const auto& ts = titles[static_cast<size_t>(title)];
    return part == 0 || ts.bound_cents[static_cast<size_t>(y)] + part <= ts.limit_cents;
  };
  return fits(own, own_part) && (x.cofinance_title < 0 || fits(x.cofinance_title, cof_part));
}

void World::commit(int ins, int first_k, int months, int64_t sign, Tally* tally, int first_year_index) {
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  const int own = instruments[static_cast<size_t>(ins)].title;
  for_cost_runs(ins, first_k, months, [&](int y, int64_t c, int n) {
    if (y < first_year_index || y < 0 || y >= years) return;
    const int64_t cof = cofinance_part(x, c);
    const auto add = [&](int title, int64_t cents) {
      if (tally == nullptr)
        titles[static_cast<size_t>(title)].bound_cents[static_cast<size_t>(y)] += sign * n * cents;
      else
        tally->release_cents[static_cast<size_t>(title * years + y)] += sign * n * cents;
    };
    add(own, c - cof);
    if (x.cofinance_title >= 0) add(x.cofinance_title, cof);
  });
}

int World::planned_months(size_t i, int ins) const {
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  if (x.is_employment) return std::min(x.employment.approval_months, x.employment.max_months - agents.subsidy_months[i]);
  const auto w = rng.words(agents.id[i], t, Purpose::kChain, 7);
  const int span = x.duration_max - x.duration_min + 1;
  return x.duration_min + uniform_index(w[3], span);
}

void World::enter(size_t i, int ins, int months) {
  auto& a = agents;
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  a.status[i] = static_cast<uint8_t>(Status::kMeasure);
  a.instrument[i] = static_cast<int16_t>(ins);
  a.months_in[i] = 0;
  a.waiting_since[i] = kNotWaiting;
  a.precommitted[i] = 0;
  JCSIM_ASSERT(months == planned_months(i, ins), "entry for another duration than drawn");
  a.duration[i] = static_cast<uint8_t>(months);
  commit(ins, x.is_employment ? a.subsidy_months[i] : 0, months, 1, nullptr);
  auto& st = instruments[static_cast<size_t>(ins)];
  ++st.occupied;
  ++st.year_count;
  ++st.entries;
  for (const int sup : supplements_of[static_cast<size_t>(ins)]) {
    auto& ss = instruments[static_cast<size_t>(sup)];
    const auto& sx = s.instruments[static_cast<size_t>(sup)];
    if (ss.closed || ss.supplement_cases >= ss.capacity) continue;
    if (!sx.eligible.holds(facts(i))) continue;
    const auto& title = titles[static_cast<size_t>(ss.title)];
    const int y = year_index(t);
    const int64_t cost = supplement_cost_cents(sup);
    const int64_t this_year = std::min(months, 13 - calendar_month()) * cost;
    if (title.bound_cents[static_cast<size_t>(y)] + this_year > title.limit_cents) continue;
    for_year_runs(months, [&](int year, int n) {
      if (year >= 0 && year < years) titles[static_cast<size_t>(ss.title)].bound_cents[static_cast<size_t>(year)] += n * cost;
    });
    ++ss.supplement_cases;
    ++ss.entries;
    a.supplement[i] = static_cast<int16_t>(sup);
    break;
  }
  if (x.counts_as_integration) {
    flags[i].integrations |= static_cast<uint8_t>(1u << static_cast<unsigned>(x.integration_kind));
    a.unemployed_months[i] = 0;
    const auto wi = rng.words(a.id[i], t, Purpose::kIntegration, 1);
    if (a.in_benefits[i] && u01(wi[1]) <= s.job_finding.ends_benefit_share) leave_benefits(i);
  } else if (x.is_employment && !x.participants_remain_elb && a.in_benefits[i]) {
    leave_benefits(i);
  }
}

void World::leave_instrument(size_t i, Tally& tally) {
  auto& a = agents;
  const int ins = a.instrument[i];
  JCSIM_ASSERT(ins >= 0, "leave_instrument without an instrument");
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  const int remaining = a.duration[i] - a.months_in[i];
  if (remaining > 0) {
    // An initial cohort's months of the start year were declared, not bound by us: nothing to release there.
    const int first_k = x.is_employment ? a.subsidy_months[i] : a.months_in[i];
    commit(ins, first_k, remaining, -1, &tally, a.precommitted[i] ? 1 : 0);
  }
  if (a.supplement[i] >= 0) {
    const int sup = a.supplement[i];
    const int title = instruments[static_cast<size_t>(sup)].title;
    const int64_t cost = supplement_cost_cents(sup);
    for_year_runs(remaining, [&](int y, int n) {
      if (y >= 0 && y < years) tally.release_cents[static_cast<size_t>(title * years + y)] -= n * cost;
    });
    a.supplement[i] = kNone;
  }
  --tally.occupied_delta[static_cast<size_t>(ins)];
  a.instrument[i] = kNone;
  a.precommitted[i] = 0;
}

void World::leave_benefits(size_t i) {
  if (!agents.in_benefits[i]) return;
  agents.in_benefits[i] = 0;
  ++flags[i].outflows;
}

void World::back_to_benefits(size_t i) {
  if (agents.in_benefits[i]) return;
  agents.in_benefits[i] = 1;
  agents.entered_at[i] = static_cast<int16_t>(t);
  ++flags[i].inflows;
}

void World::integrate(size_t i, IntegrationKind kind, Tally& tally) {
  auto& a = agents;
  if (a.instrument[i] >= 0) leave_instrument(i, tally);
  flags[i].integrations |= static_cast<uint8_t>(1u << static_cast<unsigned>(kind));
  a.status[i] = static_cast<uint8_t>(Status::kEmployed);
  a.chain[i] = kNone;
  a.stage[i] = kNone;
  a.waiting_since[i] = kNotWaiting;
  a.unemployed_months[i] = 0;
  const auto w = rng.words(a.id[i], t, Purpose::kIntegration);
  const auto& jf = s.job_finding;
  if (u01(w[1]) <= jf.ends_benefit_share) leave_benefits(i);
  a.return_at[i] = kNone;
  if (u01(w[2]) <= jf.not_sustained_share && s.population.return_window_months > 0) {
    const int window = s.population.return_window_months;
    const int back = t + 1 + uniform_index(w[3], window);
    if (back < s.horizon) {
      a.return_at[i] = static_cast<int16_t>(back);
      tally.returns.push_back(static_cast<uint32_t>(i));
    }
  }
}

uint64_t World::allowed_offers_now(int ins, const model::Facts& f) const {
  const auto& x = s.instruments[static_cast<size_t>(ins)];
  if (!x.eligible.holds(f)) return 0;
  if (!x.is_catalogue()) return 1;
  uint64_t allowed = 0;
  for (size_t p = 0; p < x.parts.size(); ++p) {
    const auto& part = s.instruments[static_cast<size_t>(x.parts[p])];
    if (!part.is_supplement() && part.eligible.holds(f)) allowed |= uint64_t{1} << p;
  }
  return allowed;
}

uint64_t World::allowed_offers(size_t i, int ins) {
  if (!eligibility_kept[static_cast<size_t>(ins)]) return allowed_offers_now(ins, facts(i));
  const auto& a = agents;
  const uint64_t key = uint64_t(ins) << 38 | uint64_t{a.segment[i]} << 32 |
                       (a.profile_bits[i] & eligibility_read[static_cast<size_t>(ins)]);
  auto& entry = eligibility_memo[static_cast<size_t>((key * 0x9E3779B97F4A7C15u) >> (64 - kEligibilityMemoBits))];
  if (entry.key != key) {
    entry.allowed = allowed_offers_now(ins, facts(i));
    entry.key = key;
  }
  JCSIM_ASSERT(entry.allowed == allowed_offers_now(ins, facts(i)), "a remembered eligibility differs");
  return entry.allowed;
}

World::Profile World::profile_of(size_t i, const model::Facts& f) const {
  Profile p;
  for (size_t k = 0; k < s.teams.size(); ++k)
    if (s.teams[k].serves.holds(f)) p.teams |= static_cast<uint16_t>(1u << k);
  for (size_t k = 0; k < s.teams.size(); ++k)
    if ((p.teams >> k & 1u) && s.teams[k].role == model::TeamRole::kIntegration) {
      p.team_of = static_cast<int8_t>(k);
      break;
    }
  p.exit_hazard = static_cast<float>(exit_hazard_now(i, f));
  namespace vb = model::value_bits;
  const auto has = [&f](int bit) { return (f.bits >> bit & 1u) != 0; };
  unsigned segs = 1u << stats::kAll;
  segs |= has(vb::kAge + static_cast<int>(model::AgeGroup::kU25)) ? 1u << stats::kU25 : 1u << stats::kUe25;
  if (has(vb::kMigration + static_cast<int>(model::Migration::kRefugeeUkraine)) ||
      has(vb::kMigration + static_cast<int>(model::Migration::kRefugeeOther)))
    segs |= 1u << stats::kRefugee;
  if (has(vb::kHousehold + static_cast<int>(model::Household::kSingleParent))) segs |= 1u << stats::kSingleParent;
  p.report_segments = static_cast<uint8_t>(segs);
  return p;
}

uint8_t World::review_reach(size_t i) {
  // The first chain whose target group holds decides (choose_chain): a review can offer the candidates up to the
  // first that reads only the profile (which holds), none after it.
  double reach = 0;
  const auto candidates = chain_candidates(i);
  for (size_t word = 0; word < candidates.size(); ++word)
    for (uint64_t m = candidates[word]; m != 0; m &= m - 1) {
      const size_t c = 64 * word + static_cast<size_t>(std::countr_zero(m));
      reach = std::max(reach, s.foerderketten[c].participation);
      if (chain_profile_only[c]) return static_cast<uint8_t>(std::ceil(reach * 255));
    }
  return static_cast<uint8_t>(std::ceil(reach * 255));
}

void World::refresh_profile(size_t i) {
  auto& a = agents;
  const auto f = facts(i);
  Profile p;
  if (profile_memo.empty() || in_parallel_blocks) {
    p = profile_of(i, f);
    p.review_reach = review_reach(i);
  } else {
    // Direct-mapped by segment and the profile bits it reads: everything a profile holds depends on nothing else.
    const uint64_t key = uint64_t{a.segment[i]} << 32 | (a.profile_bits[i] & profile_read);
    auto& entry = profile_memo[static_cast<size_t>((key * 0x9E3779B97F4A7C15u) >> (64 - kProfileMemoBits))];
    if (entry.key != key) {
      entry.profile = profile_of(i, f);
      entry.profile.review_reach = review_reach(i);
      entry.key = key;
    }
    p = entry.profile;
    JCSIM_ASSERT(p.teams == profile_of(i, f).teams && p.exit_hazard == profile_of(i, f).exit_hazard &&
                     p.review_reach == review_reach(i),
                 "a remembered profile differs");
  }
  a.review_reach[i] = p.review_reach;
  a.teams[i] = p.teams;
  team_of[i] = p.team_of;
  a.exit_hazard[i] = p.exit_hazard;
  a.report_segments[i] = p.report_segments;
}

double World::exit_hazard_now(size_t i, const model::Facts& f) const {
  double stay = 1.0;
  for (const auto& e : s.population.segments[agents.segment[i]].exits)
    if (e.when.holds(f)) stay *= 1.0 - e.hazard;
  return 1.0 - stay;
}

size_t World::add_agents(const uint64_t* ids, size_t n) {
  const size_t first = agents.add(ids, n);
  flags.resize(agents.size());
  team_of.resize(agents.size(), kNone);
  return first;
}

void World::choose_chain(size_t i) {
  choose_chain(i, u01(rng.words(agents.id[i], t, Purpose::kChain)[0]));
}

void World::choose_chain(size_t i, double u) {
  auto& a = agents;
  a.chain[i] = kNone;
  a.stage[i] = kNone;
  a.waiting_since[i] = kNotWaiting;
  // The first chain whose target group holds decides; its participation share says whether the person follows it.
  // A draw above the shares of all chains left to test leaves the person without one: they need not be tested.
  if (u > participation_from[0]) return;
  // Chains whose target group reads only the profile are tested once per profile (chain_candidates); the others
  // are tested here.
  const auto candidates = chain_candidates(i);
  for (size_t word = 0; word < candidates.size(); ++word)
    for (uint64_t m = candidates[word]; m != 0; m &= m - 1) {
      const size_t c = 64 * word + static_cast<size_t>(std::countr_zero(m));
      if (u > participation_from[c]) return;
      const auto& k = s.foerderketten[c];
      if (!chain_profile_only[c] && !k.target_group.holds(facts(i))) continue;
      if (u <= k.participation) {
        a.chain[i] = static_cast<int8_t>(c);
        a.stage[i] = static_cast<int8_t>(k.start);
        a.waiting_since[i] = static_cast<int16_t>(t);
      }
      return;
    }
}

World::ChainMask World::chain_candidates(size_t i) {
  const auto now = [&] {
    ChainMask candidates{};
    const auto f = facts(i);
    for (size_t c = 0; c < s.foerderketten.size(); ++c)
      if (!chain_profile_only[c] || s.foerderketten[c].target_group.holds(f))
        candidates[c / 64] |= uint64_t{1} << (c % 64);
    return candidates;
  };
  if (in_parallel_blocks) return now();
  const auto& a = agents;
  const uint64_t key = uint64_t{a.segment[i]} << 32 | (a.profile_bits[i] & chains_read);
  auto& entry = chain_memo[static_cast<size_t>((key * 0x9E3779B97F4A7C15u) >> (64 - kChainMemoBits))];
  if (entry.key != key) {
    entry.key = key;
    entry.candidates = now();
  }
  JCSIM_ASSERT(entry.candidates == now(), "remembered chain candidates differ");
  return entry.candidates;
}

void World::next_stage(size_t i, Tally& tally, int hop) {
  auto& a = agents;
  const int c = a.chain[i], st = a.stage[i];
  const bool was_job_like = a.status[i] == static_cast<uint8_t>(Status::kEmployed);
  if (c < 0 || st < 0) {
    a.status[i] = static_cast<uint8_t>(was_job_like ? Status::kEmployed : Status::kSeeking);
    return;
  }
  const auto& stage = s.foerderketten[static_cast<size_t>(c)].stages[static_cast<size_t>(st)];
  const auto f = facts(i);
  const model::Rule* rule = &stage.next.back();
  for (const auto& r : stage.next)
    if (r.when.holds(f)) {
      rule = &r;
      break;
    }
  const auto w = rng.words(a.id[i], t, Purpose::kChain, static_cast<uint32_t>(1 + hop));
  double u = u01(w[1]), acc = 0;
  const model::Target* target = &rule->targets.back();
  for (const auto& tg : rule->targets) {
    acc += tg.probability;
    if (u <= acc && tg.probability > 0) {
      target = &tg;
      break;
    }
  }
  if (target->stage >= 0) {
    a.stage[i] = static_cast<int8_t>(target->stage);
    a.waiting_since[i] = static_cast<int16_t>(t);
    a.status[i] = static_cast<uint8_t>(Status::kSeeking);
    back_to_benefits(i);
    return;
  }
  a.chain[i] = kNone;
  a.stage[i] = kNone;
  a.waiting_since[i] = kNotWaiting;
  switch (target->exit) {
    case model::ChainExit::kBeschaeftigung:
      if (was_job_like) return;  // the subsidised job simply goes on
      integrate(i, IntegrationKind::kEmployment, tally);
      return;
    case model::ChainExit::kAusbildung:
      if (was_job_like) return;
      integrate(i, IntegrationKind::kAusbildung, tally);
      return;
    case model::ChainExit::kPool:
      a.status[i] = static_cast<uint8_t>(Status::kSeeking);
      back_to_benefits(i);
      return;
  }
}

void World::apply_tally(const Tally& tally) {
  for (size_t k = 0; k < titles.size(); ++k)
    for (int y = 0; y < years; ++y)
      titles[k].bound_cents[static_cast<size_t>(y)] += tally.release_cents[k * static_cast<size_t>(years) + static_cast<size_t>(y)];
  for (size_t k = 0; k < instruments.size(); ++k) {
    instruments[k].occupied += tally.occupied_delta[k];
    JCSIM_ASSERT(instruments[k].occupied >= 0, "negative occupancy");
  }
  for (const uint32_t i : tally.returns) {
    const int back = agents.return_at[i];
    if (back > t && back < s.horizon) returns_by_month[static_cast<size_t>(back)].push_back(i);
  }
  fresh.insert(fresh.end(), tally.fresh.begin(), tally.fresh.end());
  extensions.insert(extensions.end(), tally.extensions.begin(), tally.extensions.end());
}

}  // namespace jcsim::sim
