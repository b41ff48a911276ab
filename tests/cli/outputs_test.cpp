// Where results go is checked before a run starts: a mistyped or unusable --out or --db is a usage error (exit 2,
// a message naming the flag and the path), never an internal error after the simulation, and a refused run leaves
// nothing behind. The seed that names the results is checked as strictly.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

namespace {

using jcsim::test::run_jcsim;

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

const std::string kTiny = quoted(jcsim::test::kSourceDir / "scenarios/tiny.textproto");

}  // namespace

// Outside the anonymous namespace: the tests derive from it (GCC's -Wsubobject-linkage where the file is
// compiled as part of a unity build, JCSIM_UNITY).
class Outputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jcsim-outputs-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "afile") << "keep me\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(Outputs, AFileInTheWayOfOutIsRefusedAndKept) {
  const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --out " + quoted(dir_ / "afile"));
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("jcsim run: --out " + (dir_ / "afile").string() +
                       ": a file of that name is in the way; give a directory"),
            std::string::npos)
      << o.err;
  EXPECT_EQ(jcsim::test::read_file(dir_ / "afile"), "keep me\n");
}

TEST_F(Outputs, AnOutDirectoryThatCannotBeCreatedIsAUsageError) {
  const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --out " + quoted(dir_ / "afile/sub"));
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--out " + (dir_ / "afile/sub").string() + ": cannot create the directory: "),
            std::string::npos)
      << o.err;
  EXPECT_EQ(o.err.find("internal error"), std::string::npos) << o.err;
}

TEST_F(Outputs, AStoreInAMissingDirectoryIsRefusedBeforeOutIsCreated) {
  const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --out " + quoted(dir_ / "results") + " --db " +
                           quoted(dir_ / "missing/runs.sqlite"));
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--db " + (dir_ / "missing/runs.sqlite").string() + ": the directory " +
                       (dir_ / "missing").string() + " does not exist"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "results"));
  const auto d = run_jcsim("run " + kTiny + " --reps 2 --quiet --db " + quoted(dir_));
  EXPECT_EQ(d.code, 2);
  EXPECT_NE(d.err.find(": this is a directory; give a file name"), std::string::npos) << d.err;
}

// A store is checked as a store: results are not appended to a file that is not a jcsim store, and the file
// stays as it was. A run that writes no store does not look at it.
TEST_F(Outputs, AFileThatIsNotAStoreIsRefusedAndKept) {
  fs::create_directories(dir_ / "results");
  std::ofstream(dir_ / "results/results.sqlite") << "not a database, but bytes someone cares about\n";
  const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --out " + quoted(dir_ / "results"));
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("jcsim run: --out " + (dir_ / "results/results.sqlite").string() + ": not a jcsim store: "),
            std::string::npos)
      << o.err;
  EXPECT_EQ(jcsim::test::read_file(dir_ / "results/results.sqlite"),
            "not a database, but bytes someone cares about\n");
  EXPECT_FALSE(fs::exists(dir_ / "results/summary.csv"));
  const auto d = run_jcsim("compare " + kTiny + " " + kTiny + " --reps 2 --quiet --db " + quoted(dir_ / "afile"));
  EXPECT_EQ(d.code, 2);
  EXPECT_NE(d.err.find("jcsim compare: --db " + (dir_ / "afile").string() + ": not a jcsim store: "),
            std::string::npos)
      << d.err;
  const auto csv = run_jcsim("run " + kTiny + " --reps 2 --quiet --format csv --out " + quoted(dir_ / "results"));
  EXPECT_EQ(csv.code, 0) << csv.err;
  EXPECT_TRUE(fs::exists(dir_ / "results/summary.csv"));
}

TEST_F(Outputs, EveryCommandThatWritesChecksFirst) {
  const std::string in_the_way = quoted(dir_ / "afile");
  const std::string missing = quoted(dir_ / "missing/file");
  const auto compare = run_jcsim("compare " + kTiny + " " + kTiny + " --reps 2 --quiet --out " + in_the_way);
  EXPECT_EQ(compare.code, 2);
  EXPECT_NE(compare.err.find("jcsim compare: --out "), std::string::npos) << compare.err;
  const auto sweep = run_jcsim(
      "sweep " + kTiny + " --set 'instrument[egz].capacity.amount=10,20' --reps 2 --quiet --out " + in_the_way);
  EXPECT_EQ(sweep.code, 2);
  EXPECT_NE(sweep.err.find("jcsim sweep: --out "), std::string::npos) << sweep.err;
  const auto calibrate = run_jcsim(
      "calibrate " + quoted(jcsim::test::kSourceDir / "scenarios/en2023.textproto") + " --targets " +
      quoted(jcsim::test::kSourceDir / "scenarios/targets/en2023.textproto") + " --quiet --out " + missing);
  EXPECT_EQ(calibrate.code, 2);
  EXPECT_NE(calibrate.err.find("jcsim calibrate: --out "), std::string::npos) << calibrate.err;
  EXPECT_EQ(jcsim::test::read_file(dir_ / "afile"), "keep me\n");
}

TEST_F(Outputs, ANestedOutDirectoryIsCreated) {
  const fs::path out = dir_ / "a/b/c";
  const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --format csv --out " + quoted(out));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::exists(out / "summary.csv"));
}

// An unsigned conversion would take "-1" as 2^64 - 1 and let longer numbers through: a seed is digits in range.
TEST(Seed, IsAWholeNumberFromZeroTo2To64Minus1) {
  for (const char* bad : {"-1", "+5", "abc", "18446744073709551616", "99999999999999999999999"}) {
    const auto o = run_jcsim("run " + kTiny + " --reps 2 --quiet --format csv --seed '" + bad + "'");
    EXPECT_EQ(o.code, 2) << bad;
    EXPECT_NE(o.err.find(std::string("--seed: '") + bad +
                         "' is not a seed: give a whole number from 0 to 18446744073709551615"),
              std::string::npos)
        << o.err;
  }
  EXPECT_EQ(run_jcsim("run " + kTiny + " --reps 2 --quiet --format csv --seed 18446744073709551615").code, 0);
}

// CLI11's own range check calls "1e3" out of range and says nothing of whole numbers: every count names its range.
TEST_F(Outputs, CountsAreWholeNumbersInTheirRange) {
  const std::pair<const char*, const char*> cases[] = {
      {"--reps 1e3", "--reps: '1e3' is not a number of replications: give a whole number from 1 to 100000000"},
      {"--reps 2.5", "--reps: '2.5' is not a number of replications: give a whole number from 1 to 100000000"},
      {"--reps 0", "--reps: '0' is not a number of replications: give a whole number from 1 to 100000000"},
      {"--threads 1025", "--threads: '1025' is not a number of threads: give a whole number from 1 to 1024"},
      {"--max-horizon 601", "--max-horizon: '601' is not a horizon in months: give a whole number from 1 to 600"},
  };
  for (const auto& [flags, message] : cases) {
    const auto o = run_jcsim("run " + kTiny + " --quiet --format csv --out " + quoted(dir_ / "o") + " " + flags);
    EXPECT_EQ(o.code, 2) << flags;
    EXPECT_NE(o.err.find(message), std::string::npos) << o.err;
  }
  // compare needs two replications for a paired standard error.
  const auto c = run_jcsim("compare " + kTiny + " " + kTiny + " --reps 1 --quiet");
  EXPECT_EQ(c.code, 2);
  EXPECT_NE(c.err.find("--reps: '1' is not a number of replications: give a whole number from 2 to 100000000"),
            std::string::npos)
      << c.err;
  EXPECT_FALSE(fs::exists(dir_ / "o"));
}

TEST(ReportRun, IsAWholeNumber) {
  const auto o = run_jcsim("report /nonexistent --run -1");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--run: '-1' is not a run id: give a whole number from 0 to 9223372036854775807"),
            std::string::npos)
      << o.err;
}
