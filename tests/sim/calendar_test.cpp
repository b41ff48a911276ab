// Phase 1, calendar: policy events change the replication's scenario from the month they take effect. Each test
// runs one replication of a builder scenario month by month and reads what users see (entries, participants,
// waiting per instrument) or the title's bound money. Rate events are checked against exact results in
// exact_test.cpp, a change of the paying title by the EN 2025 scenario.
#include <cstdint>

#include <gtest/gtest.h>

#include "tests/sim/builder.h"
#include "tests/sim/months.h"

using namespace jcsim;

using test::instrument_value;

// Nobody enters a closed instrument: those it would take wait in its queue; its participants finish.
TEST(Calendar, AClosedInstrumentTakesNoEntriesUntilItOpensAgain) {
  test::Params p;
  p.stock = 0;
  p.inflow = 50;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.extra = R"(
event { id: "close" name: "A closes" effective: "2024-04" close_instrument: "a" }
event { id: "open" name: "A opens again" effective: "2024-08" open_instrument: "a" }
)";
  const auto s = test::build(p);
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const bool closed = t >= 3 && t < 7;
    if (closed) {
      EXPECT_EQ(instrument_value(w, stats::kInsEntries, 0, t), 0) << "month " << t;
      EXPECT_GT(instrument_value(w, stats::kInsWaiting, 0, t), 0) << "month " << t;
    } else if (t > 0) {  // new people wait from the month after they arrive
      EXPECT_GT(instrument_value(w, stats::kInsEntries, 0, t), 0) << "month " << t;
    }
    if (t == 3) {
      EXPECT_GT(instrument_value(w, stats::kInsParticipants, 0, t), 0) << "participants finish";
    }
  });
}

// A capacity of places changes in its month; a cut below the occupied places ends no participation, it only
// stops entries until places are free.
TEST(Calendar, ACapacityChangeTakesEffectInItsMonthAndACutEndsNoParticipation) {
  test::Params p;
  p.stock = 1000;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.d1 = 24;
  p.capacity = "unit: PLACES amount { value: 20 }";
  p.extra = R"(
event { id: "more" name: "More places" effective: "2024-07" capacity { instrument: "a" amount { value: 50 } } }
event { id: "cut" name: "Fewer places" effective: "2024-10" capacity { instrument: "a" amount { value: 30 } } }
)";
  const auto s = test::build(p);
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    EXPECT_EQ(instrument_value(w, stats::kInsParticipants, 0, t), t < 6 ? 20 : 50) << "month " << t;
    EXPECT_EQ(instrument_value(w, stats::kInsEntries, 0, t), t == 0 ? 20 : t == 6 ? 30 : 0) << "month " << t;
  });
}

// A budget event sets the title's amount for the rest of its year: new commitments fill the new limit instead of
// the old one. The year's shift to administration still comes off: 20,000 € less 5,000 € until June, 30,000 € less
// 5,000 € from July; an entry binds 4 months × 200 €.
TEST(Calendar, ABudgetChangeSetsTheLimitForTheRestOfTheYear) {
  test::Params p;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.budget = 20000;
  p.shift = 5000;
  p.cost = 200;
  p.d1 = 4;
  p.extra = R"(
event { id: "more" name: "More money" effective: "2024-07" budget { title: "egt" amount { value: 30000 } } }
)";
  const auto s = test::build(p);
  constexpr int64_t kEntry = 100 * 200 * 4;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const int64_t bound = w.titles[0].bound_cents[0], limit = t < 6 ? 100 * 15000 : 100 * 25000;
    EXPECT_LE(bound, limit) << "month " << t;
    if (t == 5 || t == 6) {
      EXPECT_GT(bound, limit - kEntry) << "month " << t << ": the limit is used";
    }
  });
}

// A redirect sends the stages that named one instrument to another from its month (§16k replacing
// Familiencoaching in EN 2025).
TEST(Calendar, ARedirectSendsTheStagesToTheNewInstrument) {
  test::Params p;
  p.stock = 0;
  p.inflow = 50;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.extra = R"(
instrument { id: "c" name: "C" group: ACTIVATION budget_title: "egt" capacity { unit: OPEN }
  duration { min_months { value: 2 } max_months { value: 2 } } cost_per_month { value: 100 } lock_in { value: 0.5 } }
event { id: "redirect" name: "C replaces A" effective: "2024-04" redirect { from: "a" to: "c" } }
)";
  const auto s = test::build(p);
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 1) return;  // new people wait from the month after they arrive
    EXPECT_EQ(instrument_value(w, stats::kInsEntries, 0, t) > 0, t < 3) << "month " << t;
    EXPECT_EQ(instrument_value(w, stats::kInsEntries, 2, t) > 0, t >= 3) << "month " << t;
  });
}
