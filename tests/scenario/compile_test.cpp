// The compiler: what the engine receives from a scenario file.
#include <array>
#include <filesystem>

#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "tests/support.h"

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
  const auto r = jcsim::scenario::load_file(jcsim::test::kEn2024);
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
  EXPECT_EQ(find("fbw_umschulung").completion.qualification, static_cast<int8_t>(Qualification::kVocational));
  EXPECT_EQ(find("coaching_16k").available_from, 3);      // 2024-04
  EXPECT_EQ(find("einzelcoaching_45").available_until, 2);  // 2024-03
  // A segment's own integration kinds (u25: more Ausbildung) replace job_finding's; the others take those.
  const auto kinds_of = [&](const std::string& id) {
    for (const auto& g : s.population.segments)
      if (g.id == id) return g.integration_kinds;
    throw std::runtime_error("no segment " + id);
  };
  EXPECT_EQ(kinds_of("u25"), (std::array<double, kIntegrationKinds>{0.6, 0.38, 0.02}));
  EXPECT_EQ(kinds_of("ue25_marktnah"), (std::array<double, kIntegrationKinds>{0.88, 0.07, 0.05}));
}

// The compiled (bitwise) test of a condition gives what the condition says attribute by attribute, for every
// combination of categorical values and pseudo-random conditions (a width or offset slip in the bit layout
// would let one attribute's mask leak into the next).
TEST(Compile, SealedConditionsAgreeWithTheirFields) {
  const auto by_fields = [](const Condition& c, const AgentView& a) {
    const auto in = [](unsigned mask, auto v) { return (mask >> static_cast<unsigned>(v) & 1u) != 0; };
    const auto lang = static_cast<uint8_t>(a.language);
    return in(c.age_mask, a.age) && in(c.sex_mask, a.sex) && in(c.household_mask, a.household) &&
           in(c.migration_mask, a.migration) && in(c.qualification_mask, a.qualification) &&
           in(c.health_mask, a.health) && in(c.distance_mask, a.distance) && lang >= c.language_min &&
           lang <= c.language_max && a.benefit_months_24 >= c.bm24_min && a.benefit_months_24 <= c.bm24_max &&
           a.benefit_months_84 >= c.bm84_min && a.benefit_months_84 <= c.bm84_max &&
           a.unemployed_months >= c.unemployed_min && a.unemployed_months <= c.unemployed_max &&
           (c.lzb < 0 || (c.lzb == 1) == a.lzb) && (c.children < 0 || (c.children == 1) == has_children(a.household)) &&
           in(static_cast<unsigned>(c.segment_mask & 0xFF), a.segment);
  };
  uint64_t state = 0x9E3779B97F4A7C15ull;
  const auto next = [&state] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  int checked = 0, held = 0;
  for (int n = 0; n < 40; ++n) {
    Condition c;
    const auto r = next();
    // Each attribute is left open half of the time, otherwise restricted to a random subset (possibly empty).
    const auto mask = [&](int k) { return static_cast<uint8_t>(r >> (8 * k) & 1u ? 0xFF : next() & 0xFF); };
    c.age_mask = mask(0), c.sex_mask = mask(1), c.household_mask = mask(2), c.migration_mask = mask(3);
    c.qualification_mask = mask(4), c.health_mask = mask(5), c.distance_mask = mask(6);
    c.language_min = static_cast<uint8_t>(next() % 3), c.language_max = static_cast<uint8_t>(2 + next() % 3);
    c.lzb = static_cast<int8_t>(static_cast<int>(next() % 3) - 1);
    c.children = static_cast<int8_t>(static_cast<int>(next() % 3) - 1);
    if (n % 4 == 0) c.bm24_min = 12, c.unemployed_max = 20;
    c.segment_mask = n % 5 == 0 ? 0b10 : ~uint64_t{0};
    c.seal();
    Facts previous = person().facts();
    for (int age = 0; age < kAgeGroups; ++age)
      for (int sex = 0; sex < kSexes; ++sex)
        for (int hh = 0; hh < kHouseholds; ++hh)
          for (int mig = 0; mig < kMigrations; ++mig)
            for (int lang = 0; lang < kLanguages; ++lang)
              for (int q = 0; q < kQualifications; ++q)
                for (int h = 0; h < kHealths; ++h)
                  for (int d = 0; d < kDistances; ++d) {
                    const auto v = static_cast<int>(next() % 64);
                    const AgentView a{static_cast<AgeGroup>(age), static_cast<Sex>(sex),
                                      static_cast<Household>(hh), static_cast<Migration>(mig),
                                      static_cast<Language>(lang), static_cast<Qualification>(q),
                                      static_cast<Health>(h), static_cast<Distance>(d),
                                      static_cast<int16_t>(v % 25), static_cast<int16_t>(v), static_cast<int16_t>(v),
                                      (v & 1) != 0, static_cast<uint8_t>(v % 3)};
                    ASSERT_EQ(c.holds(a), by_fields(c, a)) << "condition " << n;
                    // Attributes the condition does not restrict do not matter: the previous person's values
                    // there give the same answer (the engine's eligibility memo keys on the restricted bits).
                    Facts mixed = a.facts();
                    mixed.bits = (mixed.bits & c.restricted_bits()) | (previous.bits & ~c.restricted_bits());
                    ASSERT_EQ(c.holds(mixed), c.holds(a)) << "condition " << n;
                    previous = a.facts();
                    ++checked;
                    held += c.holds(a);
                  }
  }
  EXPECT_EQ(checked, 40 * 4 * 2 * 4 * 5 * 5 * 3 * 4 * 2);
  EXPECT_GT(held, 1000);  // the conditions are not all empty
}
