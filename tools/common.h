// What the subcommands share: exit codes, signals, flags of simulation runs, limits, the progress bar and the
// cluster a command runs on (one process, or the ranks of `mpirun`).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/model/scenario.h"
#include "engine/out/results.h"
#include "engine/run/cluster.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/util/diagnostics.h"

namespace jcsim::tools {

constexpr int kOk = 0, kInternal = 1, kBadInput = 2;

// SIGINT / SIGTERM ask a run to stop at the next month boundary; nothing is written then.
extern std::atomic<bool> g_stop;
void catch_stop_signals();
// 130 after SIGINT, 143 after SIGTERM.
int interrupted_exit_code();

// The cluster this process belongs to, and whether it speaks (rank 0 prints and writes; the others are silent).
run::Cluster& cluster();
inline bool speaks() { return cluster().root(); }

void print_diagnostics(const Diagnostics& diags);

// Limits checked before a run allocates anything; each has a flag.
struct Limits {
  uint64_t max_memory_mb = 8192;
  int max_reps = 100000;
  int max_horizon = 600;
};
void add_limit_flags(CLI::App* cmd, Limits& l);
// Exit code 2 with a message that says what to change, or 0. `runs`: how many runs hold results at once.
int check_limits(const model::Scenario& s, const run::RunOptions& o, const Limits& l, int runs);

// Digits within [min, max] only: CLI11's conversion to an unsigned number takes "-1" as 2^64 - 1 and lets longer
// numbers through, and its range check calls "1e3" or "2.5" out of range. `what` names the value in the message
// ("a seed").
CLI::Validator whole_number(const std::string& what, uint64_t min, uint64_t max);

// The flags `run`, `compare` and `sweep` share.
struct SimFlags {
  int reps = 0;  // 0: the scenario's default
  uint64_t seed = 0;
  bool seed_set = false;
  int threads = 0;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false;
  Limits limits;
};
void add_sim_flags(CLI::App* cmd, SimFlags& f, int min_reps, const char* out_help, const char* set_help);
// Replications, seed and threads of a run: the flags, else the scenario's defaults.
run::RunOptions run_options(const SimFlags& f, const model::Scenario& s);
// The provenance of a run of `file` (its text as read) with these flags and options.
out::RunInfo run_info(const SimFlags& f, const std::string& file, const std::string& text,
                      const run::RunOptions& options, const std::string& started_at, double seconds);
// Where results are stored: --db, else DIR/results.sqlite; empty when neither is given.
std::string store_path(const std::string& db, const std::string& out_dir);

// Where a command will write: a directory (--out DIR; created if need be), a file (calibrate's --out FILE), or a
// result store (--db FILE, or DIR/results.sqlite). A file's or a store's directory must exist, or be one of the
// directories to create; an existing store must be one (out::store_problem). An empty path is not written.
struct OutputPath {
  enum Kind { kDirectory, kFile, kStore };
  const char* flag;
  std::string path;
  Kind kind;
};
// Checked before a run starts, so that a mistyped or unusable path is a usage error (exit 2, a message naming the
// flag) before the simulation, not an internal error after it. Everything is checked before any directory is
// created: a refused run leaves nothing behind. Rank 0 checks; every rank must call it and gets the same answer.
bool outputs_writable(const char* command, const std::vector<OutputPath>& paths);

// Parses --set assignments into load options; false (with a message) for a malformed one.
bool overrides_from(const std::vector<std::string>& sets, scenario::LoadOptions& options);

// A progress bar with the time left on stderr: only on a terminal, and only once a run has taken a second.
class Progress {
 public:
  Progress(bool enabled, std::string unit = "replications");
  void update(int done, int total);

 private:
  bool enabled_;
  bool shown_ = false;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
};

struct SweepFlags : SimFlags {  // every --set is an axis: PATH=V1,V2,…
  std::string scenario;
  std::string db;
  bool resume = false;
};
int cmd_sweep(const SweepFlags& f);

struct CalibrateFlags {
  std::string scenario, targets, out;
  int threads = 0;
  bool quiet = false;
};
int cmd_calibrate(const CalibrateFlags& f);

}  // namespace jcsim::tools
