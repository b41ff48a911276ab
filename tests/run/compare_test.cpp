// Comparing portfolios on common random numbers: a scenario against itself differs by exactly nothing; a
// variant's paired interval is far narrower than with independent random numbers; and people the change does not
// reach live exactly the same lives in both runs.
#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "engine/run/compare.h"
#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

std::string en2024_text() { return test::read_file(test::kSourceDir / "scenarios/en2024.textproto"); }

// EN 2024 with 130 more places in StartEN, the general project of the adult §45 catalogue (140 → 270).
std::shared_ptr<const model::Scenario> more_activation() {
  std::string text = en2024_text();
  const std::string from = "capacity { unit: PLACES amount { value: 140 ";
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  text.replace(at, from.size(), "capacity { unit: PLACES amount { value: 270 ");
  const auto r = scenario::load_text("variant.textproto", text);
  EXPECT_NE(r.scenario, nullptr);
  return r.scenario;
}

std::shared_ptr<const model::Scenario> en2024() {
  const auto r = scenario::load_text("en2024.textproto", en2024_text());
  EXPECT_NE(r.scenario, nullptr);
  return r.scenario;
}

}  // namespace

TEST(Compare, AScenarioAgainstItselfDiffersByExactlyNothing) {
  const auto s = en2024();
  run::CompareOptions o;
  o.run.replications = 6;
  o.independent_run = false;
  const auto r = run::compare(*s, *s, o);
  ASSERT_FALSE(r.names.empty());
  for (size_t k = 0; k < r.names.size(); ++k)
    for (const auto& d : r.monthly[k]) {
      EXPECT_EQ(d.mean, 0.0) << r.names[k].metric << " " << r.names[k].segment;
      EXPECT_EQ(d.sd, 0.0);
      EXPECT_FALSE(d.significant());
    }
}

TEST(Compare, PairingNarrowsTheIntervalAtLeastThreefold) {
  const auto base = en2024();
  const auto variant = more_activation();
  run::CompareOptions o;
  o.run.replications = 40;
  o.run.seed = 99;
  const auto r = run::compare(*base, *variant, o);
  const auto& row = r.years.front();
  ASSERT_EQ(row.label, "integrations 2024");
  EXPECT_GT(row.paired.mean, 0) << "more activation places, more integrations";
  EXPECT_TRUE(row.paired.significant());
  EXPECT_GE(row.width_ratio(), 3.0) << "paired interval " << row.paired.low << ".." << row.paired.high
                                    << ", independent half width " << row.independent_half_width;
}

// Young people (the U25 team, their own Förderketten and instruments; young refugees and rehabilitants share
// the Integrationskurs and reha measures with adults and are left out) never compete for the adult activation
// places and the EGT is not exhausted: with common random numbers they live exactly the same months in both runs.
TEST(Compare, PeopleTheChangeDoesNotReachLiveTheSameLives) {
  const auto base = en2024();
  const auto variant = more_activation();
  const auto lives = [](const model::Scenario& s) {
    const stats::Layout layout(s);
    sim::World w(s, layout, 3, sim::RunConfig{});
    sim::populate(w);
    std::map<uint64_t, std::string> life;  // per young person: status, benefit and instrument, month by month
    for (w.t = 0; w.t < s.horizon; ++w.t) {
      sim::step(w);
      for (size_t i = 0; i < w.agents.size(); ++i)
        if (w.agents.age_years[i] <= 23 && w.agents.segment[i] == 0 &&  // segment u25, young all year,
            w.agents.migration[i] != static_cast<uint8_t>(model::Migration::kRefugeeUkraine) &&  // not sharing the
            w.agents.migration[i] != static_cast<uint8_t>(model::Migration::kRefugeeOther) &&    // Integrationskurs
            w.agents.health[i] != static_cast<uint8_t>(model::Health::kRehabilitation))          // or reha with adults
          life[w.agents.id[i]] += std::to_string(w.agents.status[i]) + std::to_string(w.agents.in_benefits[i]) +
                                  std::to_string(w.agents.instrument[i]) + ",";
    }
    return life;
  };
  const auto a = lives(*base), b = lives(*variant);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  // And the change does reach the adults: the comparison is not trivially equal.
  run::CompareOptions o;
  o.run.replications = 2;
  o.independent_run = false;
  const auto r = run::compare(*base, *variant, o);
  double moved = 0;
  for (size_t k = 0; k < r.names.size(); ++k)
    if (r.names[k].metric == "participants" && r.names[k].segment == "instrument/start_en")
      for (const auto& d : r.monthly[k]) moved += d.mean;
  EXPECT_GT(moved, 0);
}

TEST(Compare, DifferentCalendarsAreRefused) {
  const auto base = en2024();
  std::string text = en2024_text();
  text.replace(text.find("horizon_months: 12"), 18, "horizon_months: 13");
  const auto other = scenario::load_text("x.textproto", text);
  ASSERT_NE(other.scenario, nullptr);
  run::CompareOptions o;
  o.run.replications = 2;
  EXPECT_THROW(run::compare(*base, *other.scenario, o), std::invalid_argument);
}

TEST(Compare, PairedAndIndependentStatisticsByHand) {
  // Differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.303: interval 2 ± 4.303 / sqrt(3).
  const auto d = run::paired_difference({10, 20, 30}, {11, 22, 33});
  EXPECT_DOUBLE_EQ(d.mean, 2);
  EXPECT_DOUBLE_EQ(d.sd, 1);
  EXPECT_NEAR(d.high - d.mean, 4.302652729911275 / std::sqrt(3.0), 1e-9);
  // Equal variances 100 and n = 3: Welch's df = 4, half width t(0.975, 4) × sqrt(200 / 3).
  EXPECT_NEAR(run::independent_half_width({10, 20, 30}, {11, 21, 31}), 2.7764451051977987 * std::sqrt(200.0 / 3), 1e-9);
}
