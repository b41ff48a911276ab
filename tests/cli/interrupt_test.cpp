// A run stopped by SIGINT or SIGTERM exits 130 / 143, writes nothing, and leaves earlier results intact.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

extern char** environ;

namespace {

// Whether process PID catches signal SIG yet: the SigCgt mask in /proc/PID/status (bit SIG - 1).
bool catches(pid_t pid, int sig) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (sig - 1)) & 1u;
  return false;
}

// Starts `jcsim run` on EN 2024 with far more replications than it can finish, signals it once it has installed
// its handler and is well into the run, and returns its status.
int run_and_signal(const fs::path& out, int sig) {
  const std::string bin = JCSIM_BINARY;
  const std::string out_dir = out.string();
  const char* argv[] = {bin.c_str(),     "run",     jcsim::test::kEn2024.c_str(),
                        "--reps",        "100000",  "--out",
                        out_dir.c_str(), "--quiet", nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, bin.c_str(), nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
  // Not a fixed wait alone: a slow start (a sanitizer build on a loaded machine) would let the signal's default
  // action kill the process before its handler is in place.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!catches(pid, sig) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the replications (loading takes ~10 ms)
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// The files of a directory and their bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename().string()] = jcsim::test::read_file(e.path());
  return files;
}

void check(int sig, int expected_code) {
  const fs::path out = fs::temp_directory_path() / ("jcsim-interrupt-" + std::to_string(getpid()) + "-" + std::to_string(sig));
  fs::remove_all(out);
  // An earlier, complete run: every output, the SQLite store included.
  const std::string earlier = std::string(JCSIM_BINARY) + " run '" +
                              (jcsim::test::kSourceDir / "scenarios/tiny.textproto").string() + "' --reps 3 --out '" +
                              out.string() + "' --quiet";
  ASSERT_EQ(std::system(earlier.c_str()), 0);
  const auto before = snapshot(out);
  ASSERT_EQ(before.count("results.sqlite"), 1u);
  const int status = run_and_signal(out, sig);
  ASSERT_TRUE(WIFEXITED(status)) << "stopped cleanly, not killed by the signal";
  EXPECT_EQ(WEXITSTATUS(status), expected_code);
  EXPECT_EQ(snapshot(out), before) << "the earlier results, store included, are untouched; nothing partial is left";
  fs::remove_all(out);
}

}  // namespace

TEST(Interrupt, SigintExits130AndKeepsEarlierResults) { check(SIGINT, 130); }
TEST(Interrupt, SigtermExits143AndKeepsEarlierResults) { check(SIGTERM, 143); }
