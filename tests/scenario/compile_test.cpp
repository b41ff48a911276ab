// The compiler: what the engine receives from a scenario file.
#include <filesystem>

#include <gtest/gtest.h>

#include "engine/scenario/load.h"

using namespace jcsim::model;

namespace {

std::shared_ptr<const Scenario> tiny() {
  const auto r = jcsim::scenario::load_file(std::string(JCSIM_SOURCE_DIR) + "/scenarios/tiny.textproto");
  EXPECT_NE(r.scenario, nullptr);
  return r.scenario;
}

AgentView person() {
  return AgentView{AgeGroup::k25_54, Sex::kFemale, Household::kSingle, Migration::kRefugeeUkraine, Language::kA2,
                   Qualification::kVocational, Health::kNone, Distance::kMarktfern, 19, 19, 12, false, 1};
}

}  // namespace

TEST(Compile, CalendarAndSchedules) {
  const auto s = tiny();
  EXPECT_EQ(s->start, jcsim::Month::of(2024, 1));
  EXPECT_EQ(s->horizon, 12);
  ASSERT_EQ(s->population.segments.size(), 2u);
  const auto& refugees = s->population.segments[1];
  ASSERT_EQ(refugees.inflow.size(), 12u);
  EXPECT_DOUBLE_EQ(refugees.inflow[5], 10);  // June
  EXPECT_DOUBLE_EQ(refugees.inflow[6], 5);   // from July on
  EXPECT_DOUBLE_EQ(refugees.inflow[11], 5);
  // Segments without their own integration kinds take job_finding's.
  EXPECT_DOUBLE_EQ(refugees.integration_kinds[0], 0.85);
}

TEST(Compile, ConditionsBecomeMasks) {
  const auto s = tiny();
  const auto& chain = s->foerderketten.at(0);
  AgentView a = person();
  EXPECT_TRUE(chain.target_group.holds(a));
  a.age = AgeGroup::kU25;
  EXPECT_FALSE(chain.target_group.holds(a));  // the chain is for over-25s
  a = person();
  a.segment = 0;
  EXPECT_FALSE(chain.target_group.holds(a));  // and only for the refugee segment
  const auto& course = s->instruments.at(0);
  a = person();
  EXPECT_TRUE(course.eligible.holds(a));
  a.language = Language::kB2Plus;
  EXPECT_FALSE(course.eligible.holds(a));  // language_max: B1
}

TEST(Compile, ChainsRulesAndTargets) {
  const auto s = tiny();
  const auto& chain = s->foerderketten.at(0);
  ASSERT_EQ(chain.stages.size(), 3u);
  EXPECT_EQ(chain.start, 0);
  const auto& first = chain.stages[0];
  ASSERT_EQ(first.next.size(), 2u);
  AgentView b1 = person();
  b1.language = Language::kB1;
  EXPECT_TRUE(first.next[0].when.holds(b1));
  EXPECT_FALSE(first.next[0].when.holds(person()));  // A2 < B1
  EXPECT_TRUE(first.next[1].when.holds(person()));   // the last rule holds for everyone
  EXPECT_EQ(first.next[1].targets[1].stage, -1);
  EXPECT_EQ(first.next[1].targets[1].exit, ChainExit::kPool);
  EXPECT_EQ(chain.stages[1].wait_max_months, 6);
  EXPECT_EQ(chain.stages[2].instrument, 2);
}

TEST(Compile, InstrumentsTitlesTeamsEvents) {
  const auto s = tiny();
  const auto& egz = s->instruments.at(2);
  EXPECT_EQ(egz.capacity_unit, CapacityUnit::kCasesPerYear);
  EXPECT_TRUE(egz.counts_as_integration);
  EXPECT_EQ(egz.integration_kind, IntegrationKind::kEmployment);
  EXPECT_DOUBLE_EQ(egz.expected_duration(), 9);
  const auto& title = s->budget_titles.at(0);
  ASSERT_NE(title.year(2024), nullptr);
  EXPECT_DOUBLE_EQ(title.year(2024)->available(), 1'100'000);
  EXPECT_EQ(title.year(2025), nullptr);
  ASSERT_EQ(s->teams.size(), 2u);
  EXPECT_EQ(s->teams[1].role, TeamRole::kIntegration);
  ASSERT_EQ(s->events.size(), 1u);
  EXPECT_EQ(s->events[0].t, 6);
  EXPECT_EQ(s->events[0].kind, Event::Kind::kCapacity);
  EXPECT_DOUBLE_EQ(s->events[0].value, 40);
  EXPECT_EQ(s->default_seed, 2024u);
  EXPECT_EQ(s->default_replications, 200);
}

TEST(Compile, En2024SubsidisedEmploymentAndSupplements) {
  const auto r = jcsim::scenario::load_file(std::string(JCSIM_SOURCE_DIR) + "/scenarios/en2024.textproto");
  ASSERT_NE(r.scenario, nullptr);
  const auto& s = *r.scenario;
  const auto find = [&](const std::string& id) -> const Instrument& {
    for (const auto& i : s.instruments)
      if (i.id == id) return i;
    throw std::runtime_error("no instrument " + id);
  };
  const auto& p16i = find("p16i");
  EXPECT_TRUE(p16i.is_employment);
  EXPECT_EQ(p16i.employment.max_months, 60);
  EXPECT_EQ(p16i.employment.approval_months, 24);
  EXPECT_EQ(p16i.employment.cost_factor_by_year.size(), 5u);
  EXPECT_EQ(s.budget_titles[static_cast<size_t>(p16i.cofinance_title)].id, "pat");
  EXPECT_DOUBLE_EQ(p16i.initial.count, 150);
  AgentView long_term = person();
  long_term.benefit_months_84 = 72;
  EXPECT_TRUE(p16i.eligible.holds(long_term));  // 6 of 7 years
  long_term.benefit_months_84 = 60;
  EXPECT_FALSE(p16i.eligible.holds(long_term));  // 5 years, single without children
  long_term.household = Household::kSingleParent;
  EXPECT_TRUE(p16i.eligible.holds(long_term));  // 5 years with children
  const auto& bonus = find("weiterbildungsgeld");
  EXPECT_TRUE(bonus.is_supplement());
  EXPECT_EQ(bonus.supplement_to.size(), 2u);
  EXPECT_TRUE(find("fahrkosten_meldetermine").is_flat_rate());
  EXPECT_EQ(find("integrationskurs").completion.language, static_cast<int8_t>(Language::kB1));
  EXPECT_EQ(find("coaching_16k").available_from, 3);  // 2024-04
}
