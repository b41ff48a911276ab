// Phase 9, accounting: what it counts must match a recount over the agents, and its vectorised column updates
// must give the world the portable code gives.
#include <algorithm>
#include <utility>

#include <gtest/gtest.h>

#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "engine/util/cpu.h"
#include "tests/sim/builder.h"
#include "tests/sim/months.h"
#include "tests/sim/paths.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

// A builder scenario whose people are 25-54 (the builder's age distribution) with ages spread so that some turn
// 55 during the run, with ten teams.
std::shared_ptr<const model::Scenario> ten_teams(bool monthly) {
  test::Params p;
  p.horizon = 24;
  p.stock = 1500;
  p.inflow = 40;
  p.participation = 0.3;
  p.job = 0.03;
  p.not_sustained = 0.3;
  p.ends_benefit = 0.6;
  p.extra = test::nine_more_teams(monthly);
  return test::build(p);
}

// Each team's count of the ELB it serves, recounted from every agent's attributes after the month.
void expect_teams_counted(const model::Scenario& s) {
  const stats::Layout layout(s);
  sim::RunConfig config;
  config.seed = 3;
  config.parallel_agents = false;
  sim::World w(s, layout, 0, config);
  sim::populate(w);
  int birthdays_into_55 = 0;
  for (w.t = 0; w.t < s.horizon; ++w.t) {
    std::vector<uint8_t> age_before = w.agents.age_years;
    sim::step(w);
    for (size_t i = 0; i < age_before.size(); ++i)
      birthdays_into_55 += age_before[i] == 54 && w.agents.age_years[i] == 55;
    for (size_t k = 0; k < s.teams.size(); ++k) {
      int served = 0;
      for (size_t i = 0; i < w.agents.size(); ++i)
        if (w.agents.in_benefits[i] && s.teams[k].serves.holds(w.facts(i))) ++served;
      EXPECT_EQ(w.teams[k].served, served) << "team " << s.teams[k].id << ", month " << w.t;
    }
    ASSERT_FALSE(::testing::Test::HasFailure());
  }
  // The recount must have seen people change team by age.
  EXPECT_GT(birthdays_into_55, 0);
}

TEST(Accounting, TeamsCountTheElbTheyServeAfterBirthdays) {
  expect_teams_counted(*ten_teams(false));
}

TEST(Accounting, TeamsCountTheElbTheyServeWhenServiceChangesMonthly) {
  expect_teams_counted(*ten_teams(true));
}

// The columns accounting writes, and every metric, month by month: the same with and without vector code.
void expect_same_with_portable_code(const model::Scenario& s, const char* name) {
  test::on_both_paths(s, 11, name, [name](const sim::World& x, const sim::World& y, int t) {
    const auto& a = x.agents;
    const auto& b = y.agents;
    test::expect_same_history(a, b, name, t);
    EXPECT_EQ(a.post_months, b.post_months) << name << ", month " << t;
    EXPECT_EQ(a.months_in, b.months_in) << name << ", month " << t;
    EXPECT_EQ(a.age_years, b.age_years) << name << ", month " << t;
    EXPECT_EQ(a.teams, b.teams) << name << ", month " << t;
    EXPECT_EQ(a.status, b.status) << name << ", month " << t;
  });
}

TEST(Accounting, VectorAndPortableCodeGiveTheSameWorld) {
  if (!cpu_has_avx2()) GTEST_SKIP() << "no AVX2 on this processor: both runs take the portable code";
  expect_same_with_portable_code(*ten_teams(true), "ten teams");
  for (const char* name : {"tiny.textproto", "en2024.textproto"}) {
    const auto s = test::shipped(name);
    ASSERT_NE(s, nullptr);
    expect_same_with_portable_code(*s, name);
  }
}

}  // namespace

// K2 and K3E1 as DOMAIN.md defines them: the integrations of the last 12 months over the average stock of those
// months (ELB for K2, LZB for K3E1), annualised while fewer than 12 months are simulated; the window rolls in the
// second year. Integrations count year to date. Recomputed here from one replication's monthly series.
TEST(Accounting, TwelveMonthRatesAndYearToDateCountsFollowTheirDefinitions) {
  test::Params p;
  p.horizon = 24;
  p.stock = 1500;
  p.inflow = 60;
  p.job = 0.03;
  p.not_sustained = 0.3;
  run::RunOptions o;
  o.replications = 1;
  const auto r = run::run(*test::build(p), o);
  const auto& L = *r.layout;
  const auto value = [&](size_t series, int t) { return r.summary.at(series, t).mean; };
  for (const int g : {stats::kAll, stats::kUe25, stats::kLzb}) {
    double year_to_date = 0;
    for (int t = 0; t < p.horizon; ++t) {
      year_to_date = (t % 12 == 0 ? 0 : year_to_date) + value(L.person(stats::kIntegrations, g), t);
      EXPECT_EQ(value(L.person(stats::kIntegrationsCumulative, g), t), year_to_date)
          << "segment " << g << " month " << t;
      double integrations = 0, stock = 0, lzb_integrations = 0, lzb_stock = 0;
      int months = 0;
      for (int k = std::max(0, t - 11); k <= t; ++k, ++months) {
        integrations += value(L.person(stats::kIntegrations, g), k);
        stock += value(L.person(stats::kElbStock, g), k);
        lzb_integrations += value(L.person(stats::kIntegrations, stats::kLzb), k);
        lzb_stock += value(L.person(stats::kLzbStock, stats::kLzb), k);
      }
      ASSERT_EQ(months, std::min(t + 1, 12));
      if (stock > 0) {
        const double k2 = integrations * 12 / months / (stock / months);
        EXPECT_NEAR(value(L.person(stats::kIntegrationRate12m, g), t), k2, 1e-12 * k2)
            << "segment " << g << " month " << t;
      }
      if (g != stats::kUe25) {
        const double k3e1 = lzb_integrations * 12 / months / (lzb_stock / months);
        EXPECT_NEAR(value(L.person(stats::kLzbIntegrationRate12m, g), t), k3e1, 1e-12 * k3e1) << "month " << t;
      }
    }
  }
}

// What users read per team and for K3E2 is a recount over the agents after the month: caseload per FTE = the ELB
// a team serves (in Bedarfsgemeinschaften, ELB / elb_per_bg, where it counts by BG) over its FTE; K3E2 = LZB in an
// instrument over the LZB stock. EN 2024 has teams of both bases.
TEST(Accounting, CaseloadPerFteAndLzbActivationAreRecounts) {
  const auto s = test::shipped("en2024.textproto");
  bool per_bg = false;
  test::step_months(*s, 1, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const auto& a = w.agents;
    for (size_t k = 0; k < s->teams.size(); ++k) {
      int served = 0;
      for (size_t i = 0; i < a.size(); ++i) served += a.in_benefits[i] && s->teams[k].serves.holds(w.facts(i));
      const bool bg = s->teams[k].caseload_basis == model::CaseloadBasis::kPerBg;
      per_bg |= bg;
      const double fte = w.values.at(w.layout.team(stats::kTeamFte, static_cast<int>(k)), t);
      ASSERT_GT(fte, 0);
      const double caseload = (bg ? served / s->population.elb_per_bg : served) / fte;
      EXPECT_NEAR(w.values.at(w.layout.team(stats::kTeamCaseload, static_cast<int>(k)), t), caseload, 1e-9 * caseload)
          << s->teams[k].id << " month " << t;
    }
    int lzb = 0, active = 0;
    for (size_t i = 0; i < a.size(); ++i)
      if (w.is_lzb(i)) {
        ++lzb;
        active += a.instrument[i] >= 0;
      }
    ASSERT_GT(lzb, 0);
    EXPECT_NEAR(w.values.at(w.layout.person(stats::kLzbActivationRate, stats::kAll), t), double(active) / lzb, 1e-12)
        << "month " << t;
  });
  EXPECT_TRUE(per_bg);
}

// commitments_next_year is the money entries of this year bind for the next: tallied here from the monthly entries
// (nobody leaves a measure early: no exits, no jobs), an entry in month t of 2024 binds its months after December.
TEST(Accounting, CommitmentsForNextYearAreTheEntriesMonthsAfterDecember) {
  test::Params p;
  p.stock = 0;
  p.inflow = 30;
  p.participation = 1;
  p.job = 0;
  p.exit = 0;
  p.d1 = 6;
  p.d2 = 3;
  p.cost = 100;
  const auto s = test::build(p);
  double next_year = 0;
  test::step_months(*s, 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    for (const auto& [ins, months] : {std::pair{0, p.d1}, std::pair{1, p.d2}})
      next_year += test::instrument_value(w, stats::kInsEntries, ins, t) * 100 *
                   static_cast<double>(months - test::months_in_first_year(t, months));
    EXPECT_EQ(w.values.at(w.layout.title(stats::kTitleCommitmentsNextYear, 0), t), next_year) << "month " << t;
  });
  EXPECT_GT(next_year, 0);
}

// A participation's spend: the monthly cost in every month paid, the one-off cost in the first. Everyone enters A
// in month 0 (3 months × 100 €, 500 € once) and B in month 3 (2 months × 100 €); nobody leaves early.
TEST(Accounting, SpendIsTheMonthlyCostPlusTheOneOffCostAtEntry) {
  test::Params p;
  p.stock = 1000;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  p.d1 = 3;
  p.d2 = 2;
  p.cost = 100;
  p.a_fields = "cost_once { value: 500 }";
  p.horizon = 6;
  test::step_months(*test::build(p), 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    const double a = t == 0 ? 1000 * 600.0 : t < 3 ? 1000 * 100.0 : 0.0, b = t == 3 || t == 4 ? 1000 * 100.0 : 0.0;
    EXPECT_EQ(test::instrument_value(w, stats::kInsSpend, 0, t), a) << "A, month " << t;
    EXPECT_EQ(test::instrument_value(w, stats::kInsSpend, 1, t), b) << "B, month " << t;
  });
}

// Subsidised employment costs the factor of its subsidy year (cost_factor_by_year; here 1, then 0.5): a cohort 10
// months into its subsidy is in months 11 and 12 of it in January and February, in its second year from March.
TEST(Accounting, SubsidisedEmploymentCostsTheFactorOfItsSubsidyYear) {
  test::Params p;
  p.stock = 0;
  p.horizon = 6;
  test::SubsidisedJob job;
  job.id = "e";
  job.legal_basis = "§16e SGB II";
  job.capacity = "unit: PLACES amount { value: 100 }";
  job.cost = 1000;
  job.max = 24;
  job.at_end_job = 1;
  job.more_rules = "cost_factor_by_year { value: 1 } cost_factor_by_year { value: 0.5 }";
  job.initial = 100;
  job.elapsed = 10;
  p.extra = job.text();
  test::step_months(*test::build(p), 0, [&](const sim::World& w, int t) {
    if (t < 0) return;
    EXPECT_EQ(test::instrument_value(w, stats::kInsSpend, 2, t), t < 2 ? 100 * 1000.0 : 100 * 500.0)
        << "month " << t;
  });
}
