// Phase 9, accounting: what it counts must match a recount over the agents, and its vectorised column updates
// must give the world the portable code gives.
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "engine/util/cpu.h"
#include "tests/sim/builder.h"
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
