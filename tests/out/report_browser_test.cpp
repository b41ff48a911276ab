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

// Loads the report in an iframe and writes what it finds into the page, for --dump-dom to print.
constexpr const char* kChecker = R"(<!DOCTYPE html><html><body>
<iframe id="r" src="report.html" width="1100" height="900"></iframe><pre id="out">pending</pre>
<script>
document.getElementById('r').addEventListener('load', () => {
  const d = document.getElementById('r').contentDocument;
  const charts = [...d.querySelectorAll('svg.chart')];
  const drawn = charts.filter(c => c.getBBox().width > 0 && c.querySelectorAll('polyline').length > 0);
  document.getElementById('out').textContent = 'charts=' + charts.length + ' drawn=' + drawn.length +
      ' tables=' + d.querySelectorAll('table').length + ' scripts=' + d.querySelectorAll('script').length;
});
</script></body></html>)";

}  // namespace

TEST(ReportBrowser, EveryChartRendersWithoutConsoleErrors) {
  if (!fs::exists(kChromium)) {
    if (std::getenv("CI") != nullptr) FAIL() << "CI must install chromium for the report test";
    GTEST_SKIP() << "chromium is not installed";
  }
  const fs::path dir = fs::temp_directory_path() / ("jcsim-browser-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  // A scenario whose name is a script: it must come out inert.
  std::string text = jcsim::test::read_file(jcsim::test::kSourceDir / "scenarios/tiny.textproto");
  text.replace(text.find("name: \"tiny\""), 12, "name: \"<script>alert(1)</script>\"");
  fs::create_directories(dir);
  { std::ofstream(dir / "scenario.textproto") << text; }
  const std::string run = std::string(JCSIM_BINARY) + " run '" + (dir / "scenario.textproto").string() +
                          "' --reps 8 --out '" + dir.string() + "' --format html --quiet";
  ASSERT_EQ(std::system(run.c_str()), 0);
  { std::ofstream(dir / "check.html") << kChecker; }

  const std::string dom = capture(chromium(dir / "profile", "--allow-file-access-from-files "
                                                           "--virtual-time-budget=5000 --enable-logging=stderr --v=0 "
                                                           "--dump-dom 'file://" +
                                                               (dir / "check.html").string() + "' 2>'" +
                                                               (dir / "console.log").string() + "'"));
  // (No std::regex: GCC 12 warns falsely inside it under ASan at -O2.)
  const size_t at = dom.find("charts=");
  ASSERT_NE(at, std::string::npos) << dom;
  int charts = -1, drawn = -1, tables = -1, scripts = -1;
  ASSERT_EQ(std::sscanf(dom.c_str() + at, "charts=%d drawn=%d tables=%d scripts=%d", &charts, &drawn, &tables, &scripts),
            4)
      << dom;
  EXPECT_GE(charts, 12) << "the report's charts";
  EXPECT_EQ(drawn, charts) << "every chart rendered with its data";
  EXPECT_GE(tables, 2) << "tables under the charts";
  EXPECT_EQ(scripts, 0) << "the report runs no script: the scenario's script-like name stayed text";
  const std::string console = jcsim::test::read_file(dir / "console.log");
  EXPECT_EQ(console.find("CONSOLE"), std::string::npos) << console;
  EXPECT_EQ(console.find("Uncaught"), std::string::npos) << console;

  const fs::path shot = fs::current_path() / "report-screenshot.png";
  capture(chromium(dir / "profile2", "--window-size=1100,2400 --screenshot='" + shot.string() + "' 'file://" +
                                         (dir / "report.html").string() + "' 2>/dev/null"));
  EXPECT_GT(fs::file_size(shot), 10000u) << "a screenshot was saved";
  fs::remove_all(dir);
}
