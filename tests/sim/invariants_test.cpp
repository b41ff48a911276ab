// What users rely on, checked month by month in every replication: people are conserved, places and budgets
// hold, §16i ends at its maximum, and LZB status matches a recount from each person's whole history.
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "tests/sim/builder.h"
#include "tests/sim/months.h"
#include "tests/support.h"

using namespace jcsim;
using sim::Status;

namespace {

int count_elb(const sim::World& w) {
  int n = 0;
  for (size_t i = 0; i < w.agents.size(); ++i) n += w.agents.in_benefits[i];
  return n;
}

}  // namespace

TEST(Invariants, PeopleAreConservedInEveryMonth) {
  const auto s = test::shipped("en2024.textproto");
  for (uint32_t rep = 0; rep < 3; ++rep) {
    int previous = 0;
    size_t agents_before = 0;
    test::step_months(*s, rep, [&](const sim::World& w, int t) {
      const int elb = count_elb(w);
      if (t >= 0) {
        const auto& L = w.layout;
        const double stock = w.values.at(L.person(stats::kElbStock, stats::kAll), t);
        const double in = w.values.at(L.person(stats::kInflow, stats::kAll), t);
        const double out = w.values.at(L.person(stats::kOutflow, stats::kAll), t);
        EXPECT_EQ(stock, elb) << "ELB stock equals a recount, month " << t;
        EXPECT_EQ(stock, previous + in - out) << "elb(t) = elb(t-1) + inflow - outflow, month " << t;
        EXPECT_GE(w.agents.size(), agents_before) << "nobody disappears from the population";
        // Every person is in exactly one state, and the flags agree with it.
        for (size_t i = 0; i < w.agents.size(); ++i) {
          const auto st = static_cast<Status>(w.agents.status[i]);
          EXPECT_EQ(st == Status::kMeasure, w.agents.instrument[i] >= 0);
          if (st == Status::kGone) {
            EXPECT_FALSE(w.agents.in_benefits[i]);
          }
        }
      }
      previous = elb;
      agents_before = w.agents.size();
    });
  }
}

TEST(Invariants, PlacesCapacityAndBudgetHold) {
  const auto s = test::shipped("en2024.textproto");
  bool supplement_full = false;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    for (size_t k = 0; k < s->instruments.size(); ++k) {
      const auto& x = s->instruments[k];
      const auto& st = w.instruments[k];
      const double initial = x.initial.count;  // a running cohort may exceed a capacity set later
      if (x.capacity_unit == model::CapacityUnit::kPlaces) {
        EXPECT_LE(st.occupied, std::max(st.capacity, initial)) << x.id << " month " << t;
      }
      if (x.capacity_unit == model::CapacityUnit::kEntriesPerYear ||
          x.capacity_unit == model::CapacityUnit::kCasesPerYear) {
        EXPECT_LE(st.year_count, std::max(st.capacity, initial)) << x.id << " month " << t;
      }
      // A supplement (Bürgergeldbonus, Weiterbildungsprämie) counts its cases of the year apart from entries.
      if (x.is_supplement()) {
        EXPECT_LE(st.supplement_cases, st.capacity) << x.id << " month " << t;
        supplement_full |= st.supplement_cases == st.capacity;
      }
    }
    for (size_t k = 0; k < s->budget_titles.size(); ++k) {
      if (!s->budget_titles[k].limited()) continue;
      const auto& title = w.titles[k];
      const int y = w.year_index(t);
      // New commitments never push a title beyond its limit (declared commitments may exceed it from the start).
      const int64_t declared = std::llround(100.0 * (s->budget_titles[k].year(2024) ? s->budget_titles[k].year(2024)->commitments : 0));
      EXPECT_LE(title.bound_cents[static_cast<size_t>(y)], std::max(title.limit_cents, declared)) << s->budget_titles[k].id;
    }
  });
  EXPECT_TRUE(supplement_full) << "a supplement reaches its cases of the year, so the limit is tested";
}

// The limits come from the scenario's figures, not from the engine's own: 20,000 € with an overdraft of a quarter,
// of which 5,000 € are bound already by earlier years' entries, leaves 20,000 € for new commitments. Nobody leaves
// a measure early (no exits, no jobs), so the money bound is the sum of every entry's months in 2024 × its cost,
// tallied here from the monthly entries. It must stay within the room and fill it to within one entry. A supplement
// of 50 € a month, paid from a title of its own (300 € plus a quarter), is bound alongside entries to A while its
// title can carry it.
TEST(Invariants, SpendNeverExceedsBudgetPlusOverdraft) {
  test::Params p;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.capacity = "unit: OPEN";
  p.budget = 20000;
  p.overdraft = 0.25;
  p.commitments = 5000;
  p.cost = 200;
  p.d1 = 4;
  p.extra = R"(
budget_title { id: "bonus" name: "Bonus" kind: MUNICIPAL overdraft_share { value: 0.25 }
  year { year: 2024 amount { value: 300 } } }
instrument { id: "bonus" name: "Bonus" group: INDIVIDUAL budget_title: "bonus" supplement_to: "a"
  capacity { unit: CASES_PER_YEAR amount { value: 1000 } } cost_per_month { value: 50 } }
)";
  const auto s = test::build(p);
  const int64_t room = std::llround(100.0 * (20000 * 1.25 - 5000)), entry_a = 100 * 200 * 4;
  const int64_t bonus_limit = std::llround(100.0 * 300 * 1.25);
  int64_t bound = 0, bonus_bound = 0;  // the tally of new commitments for 2024
  bool refused = false;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const auto entries = [&](int ins) { return std::llround(test::instrument_value(w, stats::kInsEntries, ins, t)); };
    bound += entries(0) * 100 * 200 * test::months_in_first_year(t, p.d1);
    bound += entries(1) * 100 * 200 * test::months_in_first_year(t, p.d2);
    bonus_bound += entries(2) * 100 * 50 * test::months_in_first_year(t, p.d1);
    EXPECT_LE(bound, room) << "month " << t;
    EXPECT_LE(bonus_bound, bonus_limit) << "month " << t;
    EXPECT_LE(w.titles[0].spent_year_cents, 100 * 20000 * 5 / 4) << "month " << t;
    EXPECT_EQ(w.titles[0].bound_cents[0], bound + 100 * 5000) << "month " << t;
    refused |= test::instrument_value(w, stats::kInsWaiting, 0, t) > 0;
  });
  EXPECT_GT(bound, room - entry_a) << "the room for new commitments is used up to within one entry";
  EXPECT_GT(bonus_bound, 0) << "the supplement's title carries at least one case";
  EXPECT_TRUE(refused) << "the budget must have turned people away";
}

// A co-financed instrument's cost is split between its titles by the share (PAT pays part of §16i): stage A's
// 200 € a month, a quarter from a second title. Each title binds its part of every entry's months in 2024 (tallied
// here from the monthly entries; nobody leaves early) and pays its part of every month of participation.
TEST(Invariants, CoFinancedCostIsSplitBetweenTheTitlesByTheShare) {
  test::Params p;
  p.stock = 300;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.cost = 200;
  p.d1 = 4;
  p.a_fields = R"(cofinance_title: "pat" cofinance_share { value: 0.25 })";
  p.extra = R"(budget_title { id: "pat" name: "PAT" kind: PAT year { year: 2024 amount { value: 1e9 } } })";
  const auto s = test::build(p);
  int64_t own = 0, cofinanced = 0;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const auto value = [&](stats::InstrumentMetric m, int ins) {
      return std::llround(test::instrument_value(w, m, ins, t));
    };
    own += value(stats::kInsEntries, 0) * 100 * 150 * test::months_in_first_year(t, p.d1) +
           value(stats::kInsEntries, 1) * 100 * 200 * test::months_in_first_year(t, p.d2);
    cofinanced += value(stats::kInsEntries, 0) * 100 * 50 * test::months_in_first_year(t, p.d1);
    EXPECT_EQ(w.titles[0].bound_cents[0], own) << "month " << t;
    EXPECT_EQ(w.titles[1].bound_cents[0], cofinanced) << "month " << t;
    EXPECT_EQ(w.values.at(w.layout.title(stats::kTitleSpend, 1), t), 50.0 * value(stats::kInsParticipants, 0))
        << "month " << t;
  });
  EXPECT_GT(cofinanced, 0);
}

// The months of subsidised employment count over a life: whoever reached the maximum leaves and is never funded
// again, though the Förderketten (direct §16i placement) would offer it. Several replications: re-entries are rare.
TEST(Invariants, NobodyStaysInP16iBeyondItsMaximum) {
  const auto s = test::shipped("en2024.textproto");
  int max_seen = 0;
  for (uint32_t rep = 0; rep < 24; ++rep)
    test::step_months(*s, rep, [&](const sim::World& w, int) {
      for (size_t i = 0; i < w.agents.size(); ++i)
        if (w.agents.instrument[i] >= 0 && s->instruments[static_cast<size_t>(w.agents.instrument[i])].is_employment) {
          const auto& x = s->instruments[static_cast<size_t>(w.agents.instrument[i])];
          EXPECT_LE(w.agents.subsidy_months[i], x.employment.max_months) << "replication " << rep;
          if (x.id == "p16i") max_seen = std::max<int>(max_seen, w.agents.subsidy_months[i]);
        }
    });
  EXPECT_GE(max_seen, 58);  // the cohort reaches the maximum during the year
}

// Nobody waits for a stage's place longer than the stage allows (wait_max_months): in the month the wait reaches
// its limit the Förderkette ends. EN 2024's stages allow 6 months; the longest waits must reach the limit's last
// month, so that the bound is tested.
TEST(Invariants, NobodyWaitsLongerThanTheStageAllows) {
  const auto s = test::shipped("en2024.textproto");
  int at_last_month = 0;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const auto& a = w.agents;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a.status[i] != static_cast<uint8_t>(Status::kSeeking) || a.waiting_since[i] == sim::kNotWaiting) continue;
      const int limit = w.stage_wait_max[w.stage_cell(a.chain[i], a.stage[i])];
      if (limit <= 0) continue;
      const int waited = t - a.waiting_since[i];
      EXPECT_LT(waited, limit) << "agent " << a.id[i] << " month " << t;
      at_last_month += waited == limit - 1;
    }
  });
  EXPECT_GT(at_last_month, 0);
}

// LZB status, and the months in benefits of the last 84, equal a recount from each agent's full monthly history,
// kept here independently of the engine.
TEST(Invariants, LzbMatchesABruteForceRecount) {
  const auto s = test::shipped("en2024.textproto");
  std::map<uint64_t, std::vector<bool>> history;  // months in benefits, oldest first
  test::step_months(*s, 2, [&](const sim::World& w, int t) {
    int recounted = 0;
    const auto& a = w.agents;
    // The engine's history: bit k = k months back (bit 0 = the month last booked).
    const auto bit = [&a](size_t i, int k) { return a.in_benefits_back(i, k); };
    for (size_t i = 0; i < a.size(); ++i) {
      auto& h = history[a.id[i]];
      if (t < 0) {  // the drawn history before month 0 is input: take it once
        for (int k = 95; k >= 0; --k) h.push_back(bit(i, k));
        continue;
      }
      if (h.empty())  // arrived this month: its drawn history is input, this month is tracked below
        for (int k = 95; k >= 1; --k) h.push_back(bit(i, k));
      h.push_back(a.in_benefits[i] != 0);
      int in24 = 0, in84 = 0;
      for (size_t k = h.size() - 24; k < h.size(); ++k) in24 += h[k];
      for (size_t k = h.size() - 84; k < h.size(); ++k) in84 += h[k];
      const bool lzb = a.in_benefits[i] && in24 >= s->population.lzb_min_months;
      ASSERT_EQ(w.is_lzb(i), lzb) << "agent " << a.id[i] << " month " << t;
      // The months of the last 84 that eligibility reads (§16i: 72 of them); the gone keep their last count.
      if (a.status[i] != static_cast<uint8_t>(sim::Status::kGone)) {
        ASSERT_EQ(w.facts(i).benefit_months_84, in84) << "agent " << a.id[i] << " month " << t;
      }
      recounted += lzb;
    }
    // The stock the user reads is the same recount.
    if (t >= 0) {
      EXPECT_EQ(w.values.at(w.layout.person(stats::kLzbStock, stats::kAll), t), recounted) << "month " << t;
    }
  });
}
