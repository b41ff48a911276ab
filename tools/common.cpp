#include "tools/common.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "engine/out/sqlite_store.h"

namespace jcsim::tools {

std::atomic<bool> g_stop{false};

namespace {

std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_stop = true;
}

}  // namespace

void catch_stop_signals() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

int interrupted_exit_code() { return g_signal == SIGTERM ? 143 : 130; }

run::Cluster& cluster() {
  // Started by mpirun (or srun): the ranks of the job; otherwise this process alone, and MPI is never touched.
  static const std::unique_ptr<run::Cluster> mpi = run::launched_by_mpi() ? run::make_mpi_cluster() : nullptr;
  return mpi ? *mpi : run::local_cluster();
}

void print_diagnostics(const Diagnostics& diags) {
  if (!speaks()) return;
  for (const auto& d : diags.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
}

void add_limit_flags(CLI::App* cmd, Limits& l) {
  cmd->add_option("--max-memory-mb", l.max_memory_mb, "Refuse runs that would hold more memory (MiB)")
      ->capture_default_str()
      ->check(whole_number("a memory limit in MiB", 1, uint64_t{1} << 30));
  cmd->add_option("--max-reps", l.max_reps, "Refuse more replications")
      ->capture_default_str()
      ->check(whole_number("a number of replications", 1, 100000000));
  cmd->add_option("--max-horizon", l.max_horizon, "Refuse longer horizons (months)")
      ->capture_default_str()
      ->check(whole_number("a horizon in months", 1, 600));
}

int check_limits(const model::Scenario& s, const run::RunOptions& o, const Limits& l, int runs) {
  if (o.replications > l.max_reps) {
    if (speaks())
      std::fprintf(stderr, "jcsim: %d replications exceed the limit of %d; lower --reps or raise --max-reps\n",
                   o.replications, l.max_reps);
    return kBadInput;
  }
  if (s.horizon > l.max_horizon) {
    if (speaks())
      std::fprintf(stderr, "jcsim: %s: the horizon of %d months exceeds the limit of %d; shorten "
                           "calendar.horizon_months or raise --max-horizon\n",
                   s.name.c_str(), s.horizon, l.max_horizon);
    return kBadInput;
  }
  const auto m = run::estimate_memory(s, o);
  const uint64_t need_mb = (m.total() * static_cast<uint64_t>(runs)) >> 20;
  if (need_mb > l.max_memory_mb) {
    if (speaks())
      std::fprintf(stderr,
                   "jcsim: this run would hold about %llu MiB (%d replications × %zu series × %d months of results, "
                   "about %llu agents per replication), more than the limit of %llu MiB; lower --reps or the "
                   "horizon, or raise --max-memory-mb\n",
                   static_cast<unsigned long long>(need_mb), o.replications, stats::Layout(s).series_count(),
                   s.horizon, static_cast<unsigned long long>(m.expected_agents),
                   static_cast<unsigned long long>(l.max_memory_mb));
    return kBadInput;
  }
  return kOk;
}

CLI::Validator whole_number(const std::string& what, uint64_t min, uint64_t max) {
  return CLI::Validator(
      [what, min, max](const std::string& v) {
        uint64_t x = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        return !v.empty() && ec == std::errc() && end == v.data() + v.size() && min <= x && x <= max
                   ? std::string()
                   : fmt::format("'{}' is not {}: give a whole number from {} to {}", v, what, min, max);
      },
      fmt::format("in [{} - {}]", min, max));
}

void add_sim_flags(CLI::App* cmd, SimFlags& f, int min_reps, const char* out_help, const char* set_help) {
  cmd->add_option("--reps", f.reps, "Replications (default: the scenario's)")
      ->check(whole_number("a number of replications", static_cast<uint64_t>(min_reps), 100000000));
  cmd->add_option_function<uint64_t>(
         "--seed", [&f](uint64_t v) { f.seed = v, f.seed_set = true; }, "Seed (default: the scenario's)")
      ->check(whole_number("a seed", 0, UINT64_MAX));
  cmd->add_option("--threads", f.threads, "Worker threads per process (default: all cores)")
      ->check(whole_number("a number of threads", 1, 1024));
  cmd->add_option("--out", f.out, out_help);
  cmd->add_option("--set", f.sets, set_help);
  cmd->add_flag("--quiet", f.quiet, "No progress bar and no table");
  add_limit_flags(cmd, f.limits);
}

run::RunOptions run_options(const SimFlags& f, const model::Scenario& s) {
  run::RunOptions o;
  o.replications = f.reps > 0 ? f.reps : s.default_replications;
  o.seed = f.seed_set ? f.seed : s.default_seed;
  o.threads = f.threads;
  o.cancel = &g_stop;
  return o;
}

out::RunInfo run_info(const SimFlags& f, const std::string& file, const std::string& text,
                      const run::RunOptions& options, const std::string& started_at, double seconds) {
  out::RunInfo info;
  info.scenario_file = file;
  info.scenario_text = text;
  info.seed = options.seed;
  info.replications = options.replications;
  info.threads = f.threads > 0 ? f.threads : static_cast<int>(std::thread::hardware_concurrency());
  info.ranks = cluster().size();
  info.started_at = started_at;
  info.seconds = seconds;
  return info;
}

std::string store_path(const std::string& db, const std::string& out_dir) {
  if (!db.empty() || out_dir.empty()) return db;
  return (std::filesystem::path(out_dir) / "results.sqlite").string();
}

namespace {

namespace fs = std::filesystem;

// Why `dir` cannot take new files, or "".
std::string not_writable(const fs::path& dir) {
  if (::access(dir.c_str(), W_OK | X_OK) == 0) return "";
  return std::strerror(errno);
}

fs::path normal(const fs::path& p) {
  return fs::absolute(p).lexically_normal();
}

// What is wrong with writing to `p`, or "". Nothing is created; `created` are the directories that will be.
std::string output_problem(const OutputPath& p, const std::vector<fs::path>& created) {
  const fs::path path(p.path);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (p.kind == OutputPath::kDirectory) {
    if (fs::is_directory(status)) {
      if (const auto why = not_writable(path); !why.empty())
        return fmt::format("{} {}: cannot write in the directory: {}", p.flag, p.path, why);
      return "";
    }
    if (fs::exists(status))
      return fmt::format("{} {}: a file of that name is in the way; give a directory", p.flag, p.path);
    // To be created: below the nearest directory that exists, nothing is in the way.
    fs::path base = normal(path).parent_path();
    while (!base.empty() && !fs::exists(base, ec) && base != base.root_path()) base = base.parent_path();
    if (!fs::is_directory(base, ec))
      return fmt::format("{} {}: cannot create the directory: {} is not a directory", p.flag, p.path,
                         base.string());
    if (const auto why = not_writable(base); !why.empty())
      return fmt::format("{} {}: cannot create the directory in {}: {}", p.flag, p.path, base.string(), why);
    return "";
  }
  if (fs::is_directory(status)) return fmt::format("{} {}: this is a directory; give a file name", p.flag, p.path);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const bool to_be_created = std::find(created.begin(), created.end(), normal(dir)) != created.end();
  if (!to_be_created) {
    if (!fs::is_directory(dir, ec))
      return fmt::format("{} {}: the directory {} does not exist", p.flag, p.path, dir.string());
    if (const auto why = not_writable(dir); !why.empty())
      return fmt::format("{} {}: cannot write in the directory {}: {}", p.flag, p.path, dir.string(), why);
  }
  if (p.kind == OutputPath::kStore)
    if (const auto why = out::store_problem(p.path); !why.empty())
      return fmt::format("{} {}: {}", p.flag, p.path, why);
  return "";
}

}  // namespace

bool outputs_writable(const char* command, const std::vector<OutputPath>& paths) {
  std::string problem;
  if (speaks()) {
    std::vector<fs::path> created;
    for (const auto& p : paths)
      if (p.kind == OutputPath::kDirectory && !p.path.empty()) created.push_back(normal(p.path));
    for (const auto& p : paths)
      if (!p.path.empty() && problem.empty()) problem = output_problem(p, created);
    std::error_code ec;
    for (const auto& p : paths)
      if (problem.empty() && p.kind == OutputPath::kDirectory && !p.path.empty()) {
        fs::create_directories(p.path, ec);
        if (ec) problem = fmt::format("{} {}: cannot create the directory: {}", p.flag, p.path, ec.message());
      }
  }
  if (!problem.empty()) std::fprintf(stderr, "%s: %s\n", command, problem.c_str());
  return !cluster().any(!problem.empty());
}

bool overrides_from(const std::vector<std::string>& sets, scenario::LoadOptions& options) {
  for (const auto& a : sets) {
    const auto o = scenario::parse_override(a);
    if (!o) {
      if (speaks())
        std::fprintf(stderr, "jcsim: --set '%s' is not PATH=VALUE (e.g. instrument[egz].capacity.amount=350)\n",
                     a.c_str());
      return false;
    }
    options.overrides.push_back(*o);
  }
  return true;
}

Progress::Progress(bool enabled, std::string unit)
    : enabled_(enabled && speaks() && ::isatty(2)), unit_(std::move(unit)), start_(std::chrono::steady_clock::now()) {}

void Progress::update(int done, int total) {
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed < 1.0 && done < total) return;
  const int width = 40, filled = total > 0 ? done * width / total : width;
  const double left = done > 0 ? elapsed * (total - done) / done : 0;
  std::fprintf(stderr, "\r[%s%s] %d/%d %s, %.0f s left  ", std::string(static_cast<size_t>(filled), '#').c_str(),
               std::string(static_cast<size_t>(width - filled), '.').c_str(), done, total, unit_.c_str(), left);
  shown_ = true;
  if (done == total && shown_) std::fprintf(stderr, "\r%*s\r", width + 60, "");
}

}  // namespace jcsim::tools
