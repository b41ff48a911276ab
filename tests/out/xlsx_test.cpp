// The spreadsheet holds the same numbers as summary.csv, and text from the scenario stays text: a name that looks
// like a formula or a script comes out inert.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "engine/out/results.h"
#include "engine/out/xlsx.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "tests/support.h"

namespace fs = std::filesystem;
using namespace jcsim;

namespace {

// One member of the .xlsx zip, through unzip(1).
std::string member(const fs::path& xlsx, const std::string& name) {
  return test::capture("unzip -p '" + xlsx.string() + "' '" + name + "'");
}

// The number in cell `ref` ("B2") of a sheet's XML.
double cell_value(const std::string& sheet, const std::string& ref) {
  const size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return -1e300;
  const size_t v = sheet.find("<v>", at);
  return std::stod(sheet.substr(v + 3, sheet.find("</v>", v) - v - 3));
}

}  // namespace

TEST(Xlsx, SameNumbersAsTheSummaryAndInertText) {
  std::string text = test::read_file(test::kSourceDir / "scenarios/tiny.textproto");
  const auto replace = [&text](const std::string& from, const std::string& to) {
    ASSERT_NE(text.find(from), std::string::npos) << from;
    text.replace(text.find(from), from.size(), to);
  };
  replace("name: \"tiny\"", "name: \"<script>alert(1)</script>\"");
  replace("name: \"Berufssprachkurs (DeuFöV)\"", R"t(name: "=HYPERLINK(\"x\")")t");
  const auto loaded = scenario::load_text("inert.textproto", text);
  ASSERT_NE(loaded.scenario, nullptr);
  const auto& s = *loaded.scenario;
  run::RunOptions o;
  o.replications = 6;
  const auto result = run::run(s, o);
  const auto stored = out::make_run(s, *result.layout, result.summary, out::RunInfo{});
  const fs::path xlsx = fs::temp_directory_path() / ("jcsim-" + std::to_string(::getpid()) + ".xlsx");
  out::write_xlsx(xlsx.string(), stored, s);

  // Monatswerte (sheet 2): column B is the ELB stock, F the integrations, month by month.
  const std::string monthly = member(xlsx, "xl/worksheets/sheet2.xml");
  const auto& L = *result.layout;
  for (int t = 0; t < s.horizon; ++t) {
    const std::string row = std::to_string(t + 2);
    EXPECT_NEAR(cell_value(monthly, "B" + row), result.summary.at(L.person(stats::kElbStock, stats::kAll), t).mean, 1e-9);
    EXPECT_NEAR(cell_value(monthly, "F" + row), result.summary.at(L.person(stats::kIntegrations, stats::kAll), t).mean,
                1e-9);
  }
  // No formula anywhere; the formula-like and script-like names are stored as (escaped) text.
  for (int sheet = 1; sheet <= 6; ++sheet)
    EXPECT_EQ(member(xlsx, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml").find("<f>"), std::string::npos);
  const std::string strings = member(xlsx, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>=HYPERLINK(\"x\")</t>"), std::string::npos);  // a shared string: text
  EXPECT_NE(strings.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(strings.find("<script>"), std::string::npos);
  // Six sheets with the names the users know.
  const std::string workbook = member(xlsx, "xl/workbook.xml");
  for (const char* name : {"Overview", "Monatswerte", "Instrumente", "Budget", "Personal", "§16i"})
    EXPECT_NE(workbook.find(std::string("name=\"") + name + "\""), std::string::npos) << name;
  fs::remove(xlsx);
}
