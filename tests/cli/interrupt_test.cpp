// A run stopped by SIGINT or SIGTERM exits 130 / 143, writes nothing, and leaves earlier results intact.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

extern char** environ;

namespace {

// Starts `jcsim run` on EN 2024 with far more replications than it can finish, signals it, and returns its status.
int run_and_signal(const fs::path& out, int sig) {
  const std::string bin = JCSIM_BINARY;
  const std::string scenario = (jcsim::test::kSourceDir / "scenarios/en2024.textproto").string();
  const std::string out_dir = out.string();
  const char* argv[] = {bin.c_str(), "run", scenario.c_str(), "--reps", "100000", "--out", out_dir.c_str(),
                       "--quiet", nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, bin.c_str(), nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // well into the run (loading takes ~10 ms)
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

void check(int sig, int expected_code) {
  const fs::path out = fs::temp_directory_path() / ("jcsim-interrupt-" + std::to_string(getpid()) + "-" + std::to_string(sig));
  fs::create_directories(out);
  { std::ofstream(out / "summary.csv") << "results of an earlier run\n"; }
  { std::ofstream(out / "results.sqlite") << "an earlier store\n"; }
  const int status = run_and_signal(out, sig);
  ASSERT_TRUE(WIFEXITED(status)) << "stopped cleanly, not killed by the signal";
  EXPECT_EQ(WEXITSTATUS(status), expected_code);
  EXPECT_EQ(jcsim::test::read_file(out / "summary.csv"), "results of an earlier run\n");
  EXPECT_EQ(jcsim::test::read_file(out / "results.sqlite"), "an earlier store\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++files;
  EXPECT_EQ(files, 2) << "no partial or temporary file left behind";
  fs::remove_all(out);
}

}  // namespace

TEST(Interrupt, SigintExits130AndKeepsEarlierResults) { check(SIGINT, 130); }
TEST(Interrupt, SigtermExits143AndKeepsEarlierResults) { check(SIGTERM, 143); }
