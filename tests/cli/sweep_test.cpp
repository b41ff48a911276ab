// jcsim sweep: a sweep killed with SIGKILL in the middle and resumed ends with the same store as one that ran
// through; a grid with one bad value is refused before anything runs; the points mean what the command line says.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

extern char** environ;

namespace {

using jcsim::test::kEn2024;
// Eight points, each a paired comparison of four EN 2024 replications.
const char* const kAxis1 = "instrument[start_en].capacity.amount=110,140,170,200";
const char* const kAxis2 = "budget_title[egt].year[2024].amount=9000000,12000000";

fs::path fresh_dir(const std::string& tag) {
  const fs::path d = fs::temp_directory_path() / ("jcsim-sweep-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

int jcsim_cli(const std::string& args) {
  const int status = std::system((std::string("'") + JCSIM_BINARY + "' " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string sweep_args(const fs::path& out) {
  return "sweep '" + kEn2024 + "' --set '" + kAxis1 + "' --set '" + kAxis2 + "' --reps 4 --threads 2 --out '" +
         out.string() + "' --quiet";
}

// Everything the store holds about the sweep's results, in a fixed order, without the wall-clock columns.
std::string dump(const fs::path& db_path) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  std::string out;
  SQLite::Statement sweeps(db, "SELECT key, scenario, axes, points, seed, replications FROM sweep ORDER BY id");
  while (sweeps.executeStep())
    for (int k = 0; k < sweeps.getColumnCount(); ++k) out += sweeps.getColumn(k).getString() + "|";
  out += "\n";
  SQLite::Statement rows(db,
                         "SELECT p.point, c.assignments, c.variant_hash, d.metric, d.segment, d.month, d.base, "
                         "d.variant, d.mean, d.sd, d.low, d.high FROM sweep_point p JOIN comparison c ON "
                         "c.id = p.comparison_id JOIN difference d ON d.comparison_id = c.id ORDER BY p.point, "
                         "d.series, d.month");
  while (rows.executeStep()) {
    for (int k = 0; k < rows.getColumnCount(); ++k) out += rows.getColumn(k).getString() + "|";
    out += "\n";
  }
  SQLite::Statement years(db, "SELECT p.point, y.label, y.mean, y.low, y.high FROM sweep_point p JOIN "
                              "year_difference y ON y.comparison_id = p.comparison_id ORDER BY p.point, y.position");
  while (years.executeStep()) {
    for (int k = 0; k < years.getColumnCount(); ++k) out += years.getColumn(k).getString() + "|";
    out += "\n";
  }
  // Exactly one comparison per point: nothing half-written, nothing twice.
  out += "comparisons=" + db.execAndGet("SELECT count(*) FROM comparison").getString();
  return out;
}

int finished_points(const fs::path& db_path) {
  if (!fs::exists(db_path)) return 0;
  try {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    if (!db.tableExists("sweep_point")) return 0;
    return db.execAndGet("SELECT count(*) FROM sweep_point").getInt();
  } catch (const SQLite::Exception&) {
    return 0;  // the writer holds the lock
  }
}

}  // namespace

TEST(Sweep, KilledInTheMiddleAndResumedGivesTheSameStore) {
  const fs::path whole = fresh_dir("whole"), killed = fresh_dir("killed");
  ASSERT_EQ(jcsim_cli(sweep_args(whole)), 0);

  // The same sweep, killed with SIGKILL once some but not all points are stored.
  const std::string bin = JCSIM_BINARY, out = killed.string();
  const char* argv[] = {bin.c_str(), "sweep",   kEn2024.c_str(), "--set",  kAxis1,    "--set",   kAxis2,
                       "--reps",    "4",       "--threads",     "2",      "--out",   out.c_str(), "--quiet", nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (finished_points(killed / "results.sqlite") < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep must still have been running when it was killed";
  const int before = finished_points(killed / "results.sqlite");
  EXPECT_GE(before, 2);
  EXPECT_LT(before, 8) << "killed in the middle";
  EXPECT_FALSE(fs::exists(killed / "sweep.csv")) << "sweep.csv is written when the sweep completes";

  ASSERT_EQ(jcsim_cli(sweep_args(killed) + " --resume"), 0);
  EXPECT_EQ(finished_points(killed / "results.sqlite"), 8);
  EXPECT_EQ(dump(killed / "results.sqlite"), dump(whole / "results.sqlite"));
  EXPECT_EQ(jcsim::test::read_file(killed / "sweep.csv"), jcsim::test::read_file(whole / "sweep.csv"));

  // Resuming a finished sweep computes nothing and changes nothing.
  const std::string stored = dump(killed / "results.sqlite");
  ASSERT_EQ(jcsim_cli(sweep_args(killed) + " --resume"), 0);
  EXPECT_EQ(dump(killed / "results.sqlite"), stored);
  fs::remove_all(whole);
  fs::remove_all(killed);
}

TEST(Sweep, PointsFollowTheCommandLine) {
  const fs::path dir = fresh_dir("points");
  ASSERT_EQ(jcsim_cli("sweep '" + kEn2024 + "' --set 'instrument[start_en].capacity.amount=140,170' --reps 3 " +
                  "--out '" + dir.string() + "' --quiet"),
            0);
  const std::string csv = jcsim::test::read_file(dir / "sweep.csv");
  // Point 0 is the base itself: every difference is exactly zero. Point 1 adds places: more integrations.
  EXPECT_NE(csv.find("0,\"instrument[start_en].capacity.amount=140\",integrations 2024,"), std::string::npos);
  EXPECT_NE(csv.find("1,\"instrument[start_en].capacity.amount=170\",integrations 2024,"), std::string::npos);
  SQLite::Database db((dir / "results.sqlite").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM difference d JOIN sweep_point p ON p.comparison_id = d.comparison_id "
                          "WHERE p.point = 0 AND d.mean != 0")
                .getInt(),
            0);
  EXPECT_GT(db.execAndGet("SELECT y.mean FROM year_difference y JOIN sweep_point p ON p.comparison_id = "
                          "y.comparison_id WHERE p.point = 1 AND y.label = 'integrations 2024'")
                .getDouble(),
            0);
  fs::remove_all(dir);
}

TEST(Sweep, ABadValueAnywhereInTheGridIsRefusedBeforeAnythingRuns) {
  const fs::path dir = fresh_dir("bad");
  const fs::path err = dir.string() + ".err";
  const int status = std::system((std::string("'") + JCSIM_BINARY + "' sweep '" + kEn2024 +
                                  "' --set 'instrument[start_en].capacity.amount=140,170,-5' --reps 3 --out '" +
                                  dir.string() + "' 2>'" + err.string() + "' >/dev/null")
                                     .c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string message = jcsim::test::read_file(err);
  EXPECT_NE(message.find("point 2 (instrument[start_en].capacity.amount=-5) is not a valid scenario"),
            std::string::npos)
      << message;
  EXPECT_FALSE(fs::exists(dir / "results.sqlite")) << "nothing stored";
  EXPECT_EQ(jcsim_cli("sweep '" + kEn2024 + "' --set 'instrument[start_en].capacity.amount' --out '" + dir.string() + "'"), 2);
  EXPECT_EQ(jcsim_cli("sweep '" + kEn2024 + "' --set 'instrument[start_en].capacity.amount=1,2'"), 2)
      << "without --out or --db nothing could be stored";
  fs::remove_all(dir);
  fs::remove(err);
}
