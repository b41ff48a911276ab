// The report in a real browser: headless Chromium (Debian's package, flags from the CI notes, a fresh profile)
// opens report.html, every chart must render (an SVG with a non-empty box and its data lines), no console error
// may appear, and a screenshot is saved beside the test binary (report-screenshot.png).
//
// Without chromium the test is skipped on a developer machine and fails in CI (CI=true): CI installs it.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

namespace {

using jcsim::test::capture;

const char* kChromium = "/usr/bin/chromium";

std::string chromium(const fs::path& profile, const std::string& args) {
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
         "--disable-sync --no-first-run --user-data-dir='" +
         profile.string() + "' " + args;
}

// Loads a report (REPORT) in an iframe and writes what it finds into the page, for --dump-dom to print.
constexpr const char* kChecker = R"(<!DOCTYPE html><html><body>
<iframe id="r" src="REPORT" width="1100" height="900"></iframe><pre id="out">pending</pre>
<script>
document.getElementById('r').addEventListener('load', () => {
  const d = document.getElementById('r').contentDocument;
  const charts = [...d.querySelectorAll('svg.chart')];
  const drawn = charts.filter(c => c.getBBox().width > 0 && c.querySelectorAll('polyline').length > 0);
  document.getElementById('out').textContent = 'charts=' + charts.length + ' drawn=' + drawn.length +
      ' tables=' + d.querySelectorAll('table').length + ' scripts=' + d.querySelectorAll('script').length;
});
</script></body></html>)";

struct Rendered {
  int charts = -1, drawn = -1, tables = -1, scripts = -1;
  std::string console;
};

// Opens dir/report in headless Chromium and counts what rendered; saves a screenshot as `shot`.
Rendered render(const fs::path& dir, const std::string& report, const std::string& shot_name) {
  std::string checker = kChecker;
  checker.replace(checker.find("REPORT"), 6, report);
  { std::ofstream(dir / "check.html") << checker; }
  const std::string dom = capture(chromium(dir / "profile", "--allow-file-access-from-files "
                                                           "--virtual-time-budget=5000 --enable-logging=stderr --v=0 "
                                                           "--dump-dom 'file://" +
                                                               (dir / "check.html").string() + "' 2>'" +
                                                               (dir / "console.log").string() + "'"));
  Rendered r;
  // (No std::regex: GCC 12 warns falsely inside it under ASan at -O2.)
  const size_t at = dom.find("charts=");
  EXPECT_NE(at, std::string::npos) << dom;
  if (at == std::string::npos) return r;
  EXPECT_EQ(std::sscanf(dom.c_str() + at, "charts=%d drawn=%d tables=%d scripts=%d", &r.charts, &r.drawn, &r.tables,
                        &r.scripts),
            4)
      << dom;
  r.console = jcsim::test::read_file(dir / "console.log");
  // Beside the test binary, wherever it runs from: never into the checkout.
  const fs::path shot = fs::path(JCSIM_TEST_BINARY_DIR) / shot_name;
  capture(chromium(dir / "profile2", "--window-size=1100,2400 --screenshot='" + shot.string() + "' 'file://" +
                                         (dir / report).string() + "' 2>/dev/null"));
  EXPECT_GT(fs::file_size(shot), 10000u) << "a screenshot was saved";
  return r;
}

bool have_chromium() {
  if (fs::exists(kChromium)) return true;
  if (std::getenv("CI") != nullptr) ADD_FAILURE() << "CI must install chromium for the report test";
  return false;
}

// A scenario whose name is a script: it must come out inert.
fs::path hostile_scenario(const fs::path& dir) {
  std::string text = jcsim::test::read_file(jcsim::test::kSourceDir / "scenarios/tiny.textproto");
  text.replace(text.find("name: \"tiny\""), 12, "name: \"<script>alert(1)</script>\"");
  fs::create_directories(dir);
  { std::ofstream(dir / "scenario.textproto") << text; }
  return dir / "scenario.textproto";
}

}  // namespace

TEST(ReportBrowser, EveryChartRendersWithoutConsoleErrors) {
  if (!have_chromium()) GTEST_SKIP() << "chromium is not installed";
  const fs::path dir = fs::temp_directory_path() / ("jcsim-browser-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path scenario = hostile_scenario(dir);
  const std::string run = std::string(JCSIM_BINARY) + " run '" + scenario.string() + "' --reps 8 --out '" +
                          dir.string() + "' --format html --quiet";
  ASSERT_EQ(std::system(run.c_str()), 0);
  const auto r = render(dir, "report.html", "report-screenshot.png");
  EXPECT_GE(r.charts, 12) << "the report's charts";
  EXPECT_EQ(r.drawn, r.charts) << "every chart rendered with its data";
  EXPECT_GE(r.tables, 2) << "tables under the charts";
  EXPECT_EQ(r.scripts, 0) << "the report runs no script: the scenario's script-like name stayed text";
  EXPECT_EQ(r.console.find("CONSOLE"), std::string::npos) << r.console;
  EXPECT_EQ(r.console.find("Uncaught"), std::string::npos) << r.console;
  fs::remove_all(dir);
}

TEST(ReportBrowser, TheComparisonRendersItsDifferenceCharts) {
  if (!have_chromium()) GTEST_SKIP() << "chromium is not installed";
  const fs::path dir = fs::temp_directory_path() / ("jcsim-browser-cmp-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path scenario = hostile_scenario(dir);
  const std::string compare = std::string(JCSIM_BINARY) + " compare '" + scenario.string() + "' '" + scenario.string() +
                              "' --set 'instrument[aktivierung].capacity.amount=2' --reps 12 --out '" + dir.string() +
                              "' --quiet";
  ASSERT_EQ(std::system(compare.c_str()), 0);
  const auto r = render(dir, "compare.html", "compare-screenshot.png");
  EXPECT_GE(r.charts, 6) << "integrations, cumulative, stocks, spend, §16i and at least one moved instrument";
  EXPECT_EQ(r.drawn, r.charts) << "every chart rendered with its data";
  EXPECT_GE(r.tables, 1) << "the headline table";
  EXPECT_EQ(r.scripts, 0);
  EXPECT_EQ(r.console.find("CONSOLE"), std::string::npos) << r.console;
  EXPECT_EQ(r.console.find("Uncaught"), std::string::npos) << r.console;
  fs::remove_all(dir);
}
