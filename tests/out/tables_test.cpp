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
  double waiting_seen = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto mean = [&](stats::InstrumentMetric m, int t) {
      return result.summary.at(L.instrument(m, static_cast<int>(k)), t).mean;
    };
    double spend = 0, entries = 0, participants = 0;
    for (int t = 0; t < s.horizon; ++t) {
      spend += mean(stats::kInsSpend, t);
      entries += mean(stats::kInsEntries, t);
      participants += mean(stats::kInsParticipants, t);
    }
    EXPECT_DOUBLE_EQ(rows[k].spend, spend) << rows[k].instrument->id;
    EXPECT_DOUBLE_EQ(rows[k].entries, entries);
    // Participants: the year's monthly average; waiting: at the year's end (December).
    EXPECT_DOUBLE_EQ(rows[k].participants_avg, participants / s.horizon) << rows[k].instrument->id;
    EXPECT_DOUBLE_EQ(rows[k].waiting_end, mean(stats::kInsWaiting, s.horizon - 1)) << rows[k].instrument->id;
    waiting_seen += mean(stats::kInsWaiting, 0);
  }
  EXPECT_GT(waiting_seen, 0) << "people wait for a place, so the year's end differs from the year's sum";
  EXPECT_DOUBLE_EQ(*rows[1].planned, 120000);  // the plan line of the activation measure

  const auto titles = out::title_years(stored, s);
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_DOUBLE_EQ(*titles[0].available, 1'100'000);
  EXPECT_DOUBLE_EQ(titles[0].spend, result.summary.at(L.title(stats::kTitleSpendYear, 0), s.horizon - 1).mean);

  const std::string csv = out::instruments_csv(rows);
  EXPECT_NE(csv.find(R"t(,"'=HYPERLINK(""x"")",)t"), std::string::npos) << csv;
}
