// The shipped scenarios: they load, they say what the documents say, and the language round-trips.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "tests/support.h"
#include "engine/scenario/parse.h"

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using jcsim::test::kSourceDir;
using jcsim::test::read_file;

jcsim::scenario::LoadResult load(const char* name) {
  return jcsim::scenario::load_file((kSourceDir / "scenarios" / name).string());
}

std::vector<std::string> messages(const jcsim::Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& item : d.items()) out.push_back(item.message);
  return out;
}

}  // namespace

TEST(Scenarios, EveryShippedScenarioLoadsWithoutErrors) {
  for (const auto& e : fs::directory_iterator(kSourceDir / "scenarios")) {
    if (e.path().extension() != ".textproto") continue;
    SCOPED_TRACE(e.path().filename().string());
    const auto r = jcsim::scenario::load_file(e.path().string());
    EXPECT_EQ(r.diagnostics.error_count(), 0);
    EXPECT_NE(r.scenario, nullptr);
  }
}

TEST(Scenarios, TinyHasNoWarnings) {
  const auto r = load("tiny.textproto");
  EXPECT_EQ(r.diagnostics.items().size(), 0u);
}

// The 2023 spend column of 004 ch. 6: its lines add up to the printed Gesamtsumme except for the Bürgergeldbonus
// row, while the printed Zwischensumme is 2.88 M above its lines. The §45 catalogue (004 5.1) offers fewer places
// than the plan line's ~650 "inkl. AVGS"; the FbW quarterly Bildungszielplanung (annex) adds up to other figures
// than the plan table (ch. 6). The validator must name exactly these slips.
TEST(Scenarios, En2024ValidatorFindsTheSlipsOfThePlanTable) {
  const auto r = load("en2024.textproto");
  ASSERT_NE(r.scenario, nullptr);
  EXPECT_EQ(r.diagnostics.error_count(), 0);
  EXPECT_THAT(messages(r.diagnostics),
              ::testing::UnorderedElementsAre(
                  "budget title 'jobperspektive': the instruments plan 430,000.00 € for 2023 but the title holds "
                  "400,000.00 € (overdraft included)",
                  "instrument 'aktivierung_ue25': its projects offer 502 places in 2024, the plan gives the line 650",
                  "instrument 'fbw_umschulung': capacity.per_quarter adds up to 53, the year's amount is 60; the "
                  "quarters are used as shares of the amount",
                  "instrument 'fbw_fortbildung': capacity.per_quarter adds up to 192, the year's amount is 190; the "
                  "quarters are used as shares of the amount",
                  "plan_total 'Zwischensumme' 2023 spent: the declared total 20,376,667.40 € differs from the sum "
                  "of its 22 lines, 17,499,988.89 € (by 2,876,678.51 €)",
                  "plan_total 'Zwischensumme' 2024 commitments: the declared total 6,561,080.11 € differs from the "
                  "sum of its 22 lines, 6,607,675.11 € (by -46,595.00 €)",
                  "plan_total 'Gesamtsumme' 2023 spent: the declared total 18,282,016.90 € differs from the sum of "
                  "its 25 lines, 18,336,016.90 € (by -54,000.00 €)",
                  "plan_total 'Gesamtsumme' 2024 commitments: the declared total 7,001,415.41 € differs from the "
                  "sum of its 25 lines, 7,048,010.41 € (by -46,595.00 €)"));
}

TEST(Scenarios, En2024HoldsThePlanOf2024) {
  const auto r = load("en2024.textproto");
  ASSERT_NE(r.scenario, nullptr);
  const auto& s = *r.scenario;
  double planned_egt_jp = 0;
  int plan_lines = 0;
  for (const auto& ins : s.instruments) {
    const auto& title = s.budget_titles[static_cast<size_t>(ins.budget_title)].id;
    for (const auto& p : ins.plan)
      if (p.year == 2024 && (title == "egt" || title == "jobperspektive")) {
        planned_egt_jp += p.planned;
        ++plan_lines;
      }
  }
  EXPECT_EQ(plan_lines, 25);  // every line of 004 ch. 6
  EXPECT_NEAR(planned_egt_jp, 19'368'174.00, 0.005);
  const auto* egt = &s.budget_titles[0];
  ASSERT_EQ(egt->id, "egt");
  ASSERT_NE(egt->year(2024), nullptr);
  EXPECT_DOUBLE_EQ(egt->year(2024)->available(), 19'008'174.0);  // 19,368,174 less JobPerspektive's 360,000
  for (const auto& team : {"u25", "ue25", "leistung", "fallmanagement", "ags"}) {
    EXPECT_TRUE(std::any_of(s.teams.begin(), s.teams.end(), [&](const auto& t) { return t.id == team; })) << team;
  }
}

// Text format -> message -> text format -> message gives the same message, and the same diagnostics.
TEST(Scenarios, LanguageRoundTrips) {
  for (const char* name : {"tiny.textproto", "en2024.textproto"}) {
    SCOPED_TRACE(name);
    jcsim::Diagnostics d1, d2;
    jcsim::scenario::Parsed first, second;
    first.file = second.file = name;
    ASSERT_TRUE(jcsim::scenario::parse_text(read_file(kSourceDir / "scenarios" / name), first, d1));
    std::string printed;
    ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(first.msg, &printed));
    ASSERT_TRUE(jcsim::scenario::parse_text(printed, second, d2));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first.msg, second.msg));
    const auto reloaded = jcsim::scenario::load_text(name, printed);
    const auto original = load(name);
    EXPECT_EQ(reloaded.diagnostics.items().size(), original.diagnostics.items().size());
    EXPECT_NE(reloaded.scenario, nullptr);
  }
}

TEST(Scenarios, ValidationCollectsAllProblemsInOnePass) {
  const std::string text = read_file(kSourceDir / "tests/data/valid/minimal.textproto");
  std::string broken = text;
  broken.replace(broken.find("job_finding_hazard { value: 0.02 }"), 34, "job_finding_hazard { value: 2 }");
  broken.replace(broken.find("fte { value: 2 }"), 16, "fte { value: 9 }");
  broken.replace(broken.find("start: \"eins\""), 13, "start: \"x\"");
  const auto r = jcsim::scenario::load_text("broken.textproto", broken);
  EXPECT_EQ(r.diagnostics.error_count(), 3);
  // Diagnostics come in file order, whatever order the checks ran in.
  for (size_t i = 1; i < r.diagnostics.items().size(); ++i)
    EXPECT_LE(r.diagnostics.items()[i - 1].pos.line, r.diagnostics.items()[i].pos.line);
}

TEST(Scenarios, UnknownFieldPointsAtTheName) {
  const auto r = jcsim::scenario::load_text("x.textproto", "name: \"x\"\n  horizon: 3\n");
  ASSERT_EQ(r.diagnostics.items().size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].format(), "x.textproto:2:3: error: unknown field 'horizon' in Scenario");
}
