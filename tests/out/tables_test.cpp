// The yearly tables (instruments.csv, budget.csv and the spreadsheet's sheets) agree with the monthly series, and
// free text cannot smuggle a formula into a spreadsheet that opens the CSV.
#include <gtest/gtest.h>

#include "engine/out/results.h"
#include "engine/out/tables.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "tests/support.h"

using namespace jcsim;

TEST(Tables, YearlyFiguresAgreeWithTheMonthlySeriesAndTextIsInert) {
  std::string text = test::read_file(test::kSourceDir / "scenarios/tiny.textproto");
  const std::string from = "name: \"Aktivierungsmaßnahme §45\"";
  text.replace(text.find(from), from.size(), R"t(name: "=HYPERLINK(\"x\")")t");
  const auto loaded = scenario::load_text("t.textproto", text);
  ASSERT_NE(loaded.scenario, nullptr);
  const auto& s = *loaded.scenario;
  run::RunOptions o;
  o.replications = 5;
  const auto result = run::run(s, o);
  const auto stored = out::make_run(s, *result.layout, result.summary, out::RunInfo{});
  const auto& L = *result.layout;

  const auto rows = out::instrument_years(stored, s);
  ASSERT_EQ(rows.size(), s.instruments.size());  // one year
  for (size_t k = 0; k < rows.size(); ++k) {
    double spend = 0, entries = 0;
    for (int t = 0; t < s.horizon; ++t) {
      spend += result.summary.at(L.instrument(stats::kInsSpend, static_cast<int>(k)), t).mean;
      entries += result.summary.at(L.instrument(stats::kInsEntries, static_cast<int>(k)), t).mean;
    }
    EXPECT_DOUBLE_EQ(rows[k].spend, spend) << rows[k].instrument->id;
    EXPECT_DOUBLE_EQ(rows[k].entries, entries);
  }
  EXPECT_DOUBLE_EQ(*rows[1].planned, 120000);  // the plan line of the activation measure

  const auto titles = out::title_years(stored, s);
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_DOUBLE_EQ(*titles[0].available, 1'100'000);
  EXPECT_DOUBLE_EQ(titles[0].spend, result.summary.at(L.title(stats::kTitleSpendYear, 0), s.horizon - 1).mean);

  const std::string csv = out::instruments_csv(rows);
  EXPECT_NE(csv.find(R"t(,"'=HYPERLINK(""x"")",)t"), std::string::npos) << csv;
}
