// Rationing: with one place and ten eligible ELB, exactly one enters per free place, the others queue, and the
// queue drains in the order of the priority key.
#include <algorithm>

#include <gtest/gtest.h>

#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "tests/sim/builder.h"
#include "tests/sim/months.h"

using namespace jcsim;

TEST(Assignment, OnePlaceTenPeopleDrainInPriorityOrder) {
  test::Params p;
  p.stock = 10;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.capacity = "unit: PLACES amount { value: 1 }";
  p.d1 = 1;
  p.horizon = 12;
  const auto s = test::build(p);
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  // The order the engine must follow: all wait since month 0, so the keyed priority decides.
  std::vector<std::pair<uint32_t, uint64_t>> keyed;
  for (size_t i = 0; i < w.agents.size(); ++i)
    keyed.push_back({w.rng.words(w.agents.id[i], -1, sim::Purpose::kNewcomer)[0], w.agents.id[i]});
  std::sort(keyed.begin(), keyed.end());
  std::vector<uint64_t> entered;
  for (w.t = 0; w.t < 10; ++w.t) {
    sim::step(w);
    int in_a = 0;
    for (size_t i = 0; i < w.agents.size(); ++i)
      if (w.agents.instrument[i] == 0) {
        ++in_a;
        if (std::find(entered.begin(), entered.end(), w.agents.id[i]) == entered.end()) entered.push_back(w.agents.id[i]);
      }
    EXPECT_EQ(in_a, 1) << "the one place is always taken, month " << w.t;
    EXPECT_EQ(w.values.at(layout.instrument(stats::kInsEntries, 0), w.t), 1) << "one entry per free place";
    EXPECT_EQ(w.values.at(layout.instrument(stats::kInsWaiting, 0), w.t), 9 - w.t) << "the others queue";
  }
  ASSERT_EQ(entered.size(), 10u);
  for (size_t k = 0; k < 10; ++k) EXPECT_EQ(entered[k], keyed[k].second) << "position " << k;
}

TEST(Assignment, BudgetTurnsPeopleAwayAndTheyWait) {
  test::Params p;
  p.stock = 100;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.d1 = 6;
  p.cost = 1000;
  p.budget = 30000;  // five people × 6 months × 1,000 €
  const auto s = test::build(p);
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  w.t = 0;
  sim::step(w);
  EXPECT_EQ(w.values.at(layout.instrument(stats::kInsEntries, 0), 0), 5);
  EXPECT_EQ(w.values.at(layout.instrument(stats::kInsWaiting, 0), 0), 95);
}

TEST(Assignment, FewerCaseworkerContactsMeanFewerDecisions) {
  const auto entries_in_month_0 = [](double contacts) {
    test::Params p;
    p.stock = 1000;
    p.job = 0;
    p.exit = 0;
    p.participation = 1;
    p.contacts = contacts;  // per FTE-month; the team has 10 FTE for 1,000 ELB
    const auto s = test::build(p);
    const stats::Layout layout(*s);
    sim::World w(*s, layout, 0, sim::RunConfig{});
    sim::populate(w);
    w.t = 0;
    sim::step(w);
    return w.values.at(layout.instrument(stats::kInsEntries, 0), 0);
  };
  EXPECT_EQ(entries_in_month_0(100), 1000);  // a contact for everyone: every waiting ELB gets a decision
  EXPECT_EQ(entries_in_month_0(10), 100);    // 100 contacts for 1,000 ELB: a tenth of the waiting decided
}

// A Bildungszielplanung paces the year's cases by quarter: by the end of quarter k at most the first k quarters'
// cases have started; what a quarter leaves unused carries over.
TEST(Assignment, QuarterlyPlanPacesTheYearsCases) {
  test::Params p;
  p.stock = 100;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.d1 = 1;
  p.capacity = "unit: CASES_PER_YEAR amount { value: 12 } per_quarter { value: 6 } per_quarter { value: 0 } "
               "per_quarter { value: 3 } per_quarter { value: 3 }";
  const auto s = test::build(p);
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  const int expected_by_month[12] = {6, 6, 6, 6, 6, 6, 9, 9, 9, 12, 12, 12};
  double cumulative = 0;
  for (w.t = 0; w.t < 12; ++w.t) {
    sim::step(w);
    cumulative += w.values.at(layout.instrument(stats::kInsEntries, 0), w.t);
    EXPECT_EQ(cumulative, expected_by_month[w.t]) << "month " << w.t;
  }
}

// People already in a measure at the start entered in an earlier year: they are not this year's entries (E), so
// the year's entries stay open to newcomers; with cases (F) a running case is one of the year's cases.
TEST(Assignment, RunningCohortsAreCasesButNotEntriesOfTheYear) {
  for (const bool entries : {true, false}) {
    test::Params p;
    p.stock = 100;
    p.job = 0;
    p.exit = 0;
    p.participation = 1;
    p.d1 = 12;
    p.capacity = entries ? "unit: ENTRIES_PER_YEAR amount { value: 15 }" : "unit: CASES_PER_YEAR amount { value: 15 }";
    p.a_fields = "initial { count { value: 10 } elapsed { bin { from: 0 to: 0 share: 1 } } }";
    const auto s = test::build(p);
    const stats::Layout layout(*s);
    sim::World w(*s, layout, 0, sim::RunConfig{});
    sim::populate(w);
    double new_entries = 0;
    for (w.t = 0; w.t < 12; ++w.t) {
      sim::step(w);
      new_entries += w.values.at(layout.instrument(stats::kInsEntries, 0), w.t);
    }
    EXPECT_EQ(new_entries, entries ? 15 : 5) << (entries ? "ENTRIES_PER_YEAR" : "CASES_PER_YEAR");
  }
}

// The queue's radix sort orders as operator< does: by the month the wait began, then the priority, then the id
// (ties of month and priority are made frequent here; in a run they are rare but possible).
TEST(Assignment, QueueSortOrdersAsTheComparisonDoes) {
  uint64_t state = 0x2545F4914F6CDD1Dull;
  const auto next = [&state] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  for (const size_t n : {0u, 1u, 63u, 64u, 1000u, 5000u, 65536u, 70000u}) {  // packed keys up to 2^16
    std::vector<sim::QueueEntry> entries, scratch;
    for (size_t k = 0; k < n; ++k) {
      const auto since = static_cast<int16_t>(static_cast<int>(next() % 40) - 30);  // negative: the initial stock
      const auto priority = static_cast<uint32_t>(next() % 50) << (k % 2 == 0 ? 0 : 24);
      entries.emplace_back(since, priority, next() % 100000, static_cast<uint32_t>(k));
    }
    auto expected = entries;
    std::sort(expected.begin(), expected.end());
    sim::sort_queue_entries(entries, scratch);
    ASSERT_EQ(entries.size(), expected.size());
    for (size_t k = 0; k < n; ++k) {
      ASSERT_EQ(entries[k].order, expected[k].order) << "n " << n << ", position " << k;
      ASSERT_EQ(entries[k].id, expected[k].id) << "n " << n << ", position " << k;
    }
  }
}

// An extension of subsidised employment binds the next approval period's cost of the year like an entry: the
// title must carry it. 300 people in §16i reach the end of their period in January 2025 and the review says
// extend (probability 1); 2025's budget carries 100 extensions (12 months × 2,500 € each), so exactly 100 go on
// and the others end their subsidy.
TEST(Assignment, ExtensionsOfSubsidisedEmploymentNeedTheBudget) {
  test::Params p;
  p.stock = 0;
  p.horizon = 14;
  p.budget = 100 * 12 * 2500.0;
  test::SubsidisedJob job;
  job.capacity = "unit: PLACES amount { value: 1000 }";
  job.extension = 1;
  job.initial = 300;
  job.elapsed = 12;
  p.extra = job.text();
  const auto s = test::build(p);
  for (uint32_t rep = 0; rep < 3; ++rep)
    test::step_months(*s, rep, [&](const sim::World& w, int t) {
      if (t < 0) return;
      const double stock = w.values.at(w.layout.global(stats::kP16iStock), t);
      EXPECT_EQ(stock, t < 12 ? 300 : 100) << "replication " << rep << ", month " << t;
    });
}

// A flat-rate line (Vermittlungsbudget) binds its plan for the year when the year opens: of a 10,000 € title with
// a 7,000 € flat-rate line, 3,000 € are left for entries, ten of 300 € (3 months × 100 €).
TEST(Assignment, AFlatRateLineBindsItsPlanWhenTheYearOpens) {
  test::Params p;
  p.stock = 100;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.d1 = 3;
  p.cost = 100;
  p.budget = 10000;
  p.horizon = 2;
  p.extra = R"(
instrument { id: "vb" name: "Vermittlungsbudget" group: PLACEMENT_SUPPORT budget_title: "egt"
  capacity { unit: FLAT_RATE } plan { year: 2024 planned { value: 7000 } } }
)";
  test::step_months(*test::build(p), 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    EXPECT_EQ(test::instrument_value(w, stats::kInsEntries, 0, t), t == 0 ? 10 : 0) << "month " << t;
  });
}

// A supplement is paid alongside participation to those eligible for it only (here women), as long as it has
// cases and money left (ample here).
TEST(Assignment, ASupplementIsPaidToTheEligibleParticipantsOnly) {
  test::Params p;
  p.stock = 1000;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.horizon = 1;
  p.extra = R"(
instrument { id: "bonus" name: "Bonus" group: INDIVIDUAL budget_title: "egt" supplement_to: "a"
  capacity { unit: CASES_PER_YEAR amount { value: 100000 } } cost_per_month { value: 50 } eligible { sex: FEMALE } }
)";
  const auto s = test::build(p);
  constexpr int kBonus = 2;  // the instruments: a, b, bonus
  int women = 0, men = 0;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const auto& a = w.agents;
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a.instrument[i], 0) << "everyone enters A";
      const bool woman = a.sex[i] == static_cast<uint8_t>(model::Sex::kFemale);
      EXPECT_EQ(a.supplement[i] == kBonus, woman) << "agent " << a.id[i];
      (woman ? women : men) += 1;
    }
  });
  EXPECT_GT(women, 0);
  EXPECT_GT(men, 0);
}

// An instrument takes entries only within its availability (available_from .. available_until, e.g. a contract
// period): A opens in March and takes its last entries in May. Those waiting since January enter in March; then
// each month's newcomers enter the month after they arrive, until May.
TEST(Assignment, AnInstrumentTakesEntriesOnlyWhileItIsAvailable) {
  test::Params p;
  p.stock = 100;
  p.inflow = 30;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.d1 = 1;
  p.horizon = 8;
  p.a_fields = R"(available_from: "2024-03" available_until: "2024-05")";
  int waited = 0;
  test::step_months(*test::build(p), 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const double entries = test::instrument_value(w, stats::kInsEntries, 0, t);
    if (t < 2 || t > 4) {
      EXPECT_EQ(entries, 0) << "month " << t;
    } else {
      EXPECT_GT(entries, 0) << "month " << t;
    }
    if (t == 2) waited = static_cast<int>(entries);
  });
  EXPECT_GT(waited, 100) << "the stock and the newcomers of January and February enter in March";
}
