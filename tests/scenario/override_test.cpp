// --set PATH=VALUE: a field changed after reading and before validating, with precise messages for bad paths.
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

scenario::LoadResult load_with(std::initializer_list<const char*> sets) {
  scenario::LoadOptions o;
  for (const char* a : sets) o.overrides.push_back(*scenario::parse_override(a));
  return scenario::load_file((test::kSourceDir / "scenarios/tiny.textproto").string(), o);
}

std::string only_error(const scenario::LoadResult& r) {
  EXPECT_EQ(r.scenario, nullptr);
  EXPECT_EQ(r.diagnostics.items().size(), 1u);
  return r.diagnostics.items().empty() ? "" : r.diagnostics.items()[0].message;
}

}  // namespace

TEST(Override, ChangesFieldsOfEveryKind) {
  const auto r = load_with({"instrument[aktivierung].capacity.amount=45",     // a Num in a list element
                            "budget_title[egt].year[2024].amount=900000",      // a list selected by year
                            "population.segment[gefluechtete].job_finding_hazard=0.02",
                            "team[ue25].role=CASE_MANAGEMENT",                  // an enum
                            "simulation.seed=77",                               // a plain number
                            "instrument[egz].counts_as_integration=false"});    // a bool
  ASSERT_NE(r.scenario, nullptr) << (r.diagnostics.items().empty() ? "" : r.diagnostics.items()[0].format());
  const auto& s = *r.scenario;
  EXPECT_DOUBLE_EQ(s.instruments[1].capacity, 45);
  EXPECT_DOUBLE_EQ(s.budget_titles[0].year(2024)->amount, 900000);
  EXPECT_DOUBLE_EQ(s.population.segments[1].job_finding_hazard, 0.02);
  EXPECT_EQ(s.teams[0].role, model::TeamRole::kCaseManagement);
  EXPECT_EQ(s.default_seed, 77u);
  EXPECT_FALSE(s.instruments[2].counts_as_integration);
  // The results record the effective scenario, which loads to the same model.
  EXPECT_EQ(r.text.rfind("# ", 0), 0u);
  EXPECT_NE(r.text.find("--set instrument[aktivierung].capacity.amount=45"), std::string::npos);
  const auto again = scenario::load_text("effective.textproto", r.text);
  ASSERT_NE(again.scenario, nullptr);
  EXPECT_DOUBLE_EQ(again.scenario->instruments[1].capacity, 45);
}

// A text value may be written as the scenario file writes it, in double quotes, or bare.
TEST(Override, TextValuesMayBeQuoted) {
  for (const char* set : {"calendar.start=\"2024-02\"", "calendar.start=2024-02"}) {
    const auto r = load_with({set});
    ASSERT_NE(r.scenario, nullptr) << set << ": " << only_error(r);
    EXPECT_EQ(r.scenario->start.month(), 2) << set;
  }
}

TEST(Override, OverridesAreValidatedLikeTheFile) {
  const auto r = load_with({"instrument[aktivierung].capacity.amount=-3"});
  EXPECT_EQ(only_error(r), "instrument 'aktivierung': capacity.amount is -3; allowed: a whole number 0 to 10000000");
}

TEST(Override, BadPathsSayWhatIsWrong) {
  EXPECT_EQ(only_error(load_with({"instrument[egs].capacity.amount=1"})),
            "--set instrument[egs].capacity.amount: there is no instrument with id 'egs' (did you mean 'egz'?)");
  EXPECT_EQ(only_error(load_with({"instrument[egz].capcity.amount=1"})),
            "--set instrument[egz].capcity.amount: Instrument has no field 'capcity' (did you mean 'capacity'?)");
  EXPECT_EQ(only_error(load_with({"instrument.capacity.amount=1"})),
            "--set instrument.capacity.amount: 'instrument' is a list; select an element with instrument[id]");
  EXPECT_EQ(only_error(load_with({"instrument[egz].capacity.amount=viele"})),
            "--set instrument[egz].capacity.amount: 'viele' is not a finite number");
  EXPECT_EQ(only_error(load_with({"instrument[egz].capacity=5"})),
            "--set instrument[egz].capacity: 'capacity' is a group of fields; name one of: unit, amount, per_quarter");
  EXPECT_EQ(only_error(load_with({"calendar[x].horizon_months=5"})),
            "--set calendar[x].horizon_months: 'calendar' is not a list; remove [x]");
  EXPECT_EQ(only_error(load_with({"team[ue25].role=ICH"})),
            "--set team[ue25].role: 'ICH' is not a value of role; allowed: INTEGRATION, BENEFITS, CASE_MANAGEMENT, "
            "EMPLOYER_SERVICE");
  EXPECT_FALSE(scenario::parse_override("kein-gleichheitszeichen"));
  EXPECT_FALSE(scenario::parse_override("=5"));
}
