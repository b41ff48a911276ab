// jcsim: the command line. Thin by design: parse flags, call the library, print. The contract (subcommands,
// flags, exit codes) is in ../shared/DESIGN.md and README.md; scripts depend on it.
//
// Exit codes: 0 success, 2 bad input or usage, 1 internal error.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/out/compare_csv.h"
#include "engine/out/html.h"
#include "engine/out/results.h"
#include "engine/out/sqlite_store.h"
#include "engine/out/tables.h"
#include "engine/out/xlsx.h"
#include "engine/out/summary_csv.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/sim/state.h"
#include "tools/report.h"

namespace {

constexpr int kOk = 0, kInternal = 1, kBadInput = 2;

// SIGINT / SIGTERM ask the run to stop at the next month boundary; nothing is written then.
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_stop = true;
}

void print_diagnostics(const jcsim::Diagnostics& diags) {
  for (const auto& d : diags.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
}

struct ValidateFlags {
  std::vector<std::string> files;
  bool strict = false;
  size_t max_file_bytes = jcsim::scenario::LoadOptions{}.max_file_bytes;
};

int cmd_validate(const ValidateFlags& f) {
  bool any_invalid = false;
  for (const auto& file : f.files) {
    jcsim::scenario::LoadOptions options;
    options.strict = f.strict;
    options.max_file_bytes = f.max_file_bytes;
    const auto result = jcsim::scenario::load_file(file, options);
    print_diagnostics(result.diagnostics);
    const int errors = result.diagnostics.error_count(), warnings = result.diagnostics.warning_count();
    if (errors > 0) {
      any_invalid = true;
      std::printf("%s: invalid (%d error%s, %d warning%s)\n", file.c_str(), errors, errors == 1 ? "" : "s", warnings,
                  warnings == 1 ? "" : "s");
    } else {
      const auto& s = *result.scenario;
      std::printf("%s: valid (%d warning%s): '%s', %s + %d months, %zu segments, %zu instruments, %zu "
                  "Förderketten, %zu teams, %zu events\n",
                  file.c_str(), warnings, warnings == 1 ? "" : "s", s.name.c_str(), s.start.str().c_str(), s.horizon,
                  s.population.segments.size(), s.instruments.size(), s.foerderketten.size(), s.teams.size(),
                  s.events.size());
    }
  }
  return any_invalid ? kBadInput : kOk;
}

// Limits checked before a run allocates anything; each has a flag.
struct Limits {
  uint64_t max_memory_mb = 8192;
  int max_reps = 100000;
  int max_horizon = 600;
};

void add_limit_flags(CLI::App* cmd, Limits& l) {
  cmd->add_option("--max-memory-mb", l.max_memory_mb, "Refuse runs that would hold more memory (MiB)")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 30));
  cmd->add_option("--max-reps", l.max_reps, "Refuse more replications")->capture_default_str()->check(CLI::Range(1, 100000000));
  cmd->add_option("--max-horizon", l.max_horizon, "Refuse longer horizons (months)")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
}

// Exit code 2 with a message that says what to change, or 0.
int check_limits(const jcsim::model::Scenario& s, const jcsim::run::RunOptions& o, const Limits& l, int runs) {
  if (o.replications > l.max_reps) {
    std::fprintf(stderr, "jcsim: %d replications exceed the limit of %d; lower --reps or raise --max-reps\n",
                 o.replications, l.max_reps);
    return kBadInput;
  }
  if (s.horizon > l.max_horizon) {
    std::fprintf(stderr, "jcsim: %s: the horizon of %d months exceeds the limit of %d; shorten "
                         "calendar.horizon_months or raise --max-horizon\n",
                 s.name.c_str(), s.horizon, l.max_horizon);
    return kBadInput;
  }
  const auto m = jcsim::run::estimate_memory(s, o);
  const uint64_t need_mb = (m.total() * static_cast<uint64_t>(runs)) >> 20;
  if (need_mb > l.max_memory_mb) {
    std::fprintf(stderr,
                 "jcsim: this run would hold about %llu MiB (%d replications × %zu series × %d months of results, "
                 "about %llu agents per replication), more than the limit of %llu MiB; lower --reps or the "
                 "horizon, or raise --max-memory-mb\n",
                 static_cast<unsigned long long>(need_mb), o.replications, jcsim::stats::Layout(s).series_count(),
                 s.horizon, static_cast<unsigned long long>(m.expected_agents),
                 static_cast<unsigned long long>(l.max_memory_mb));
    return kBadInput;
  }
  return kOk;
}

// The flags `run` and `compare` share.
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

void add_sim_flags(CLI::App* cmd, SimFlags& f, int min_reps, const char* out_help, const char* set_help) {
  cmd->add_option("--reps", f.reps, "Replications (default: the scenario's)")->check(CLI::Range(min_reps, 100000000));
  cmd->add_option_function<uint64_t>(
      "--seed", [&f](uint64_t v) { f.seed = v, f.seed_set = true; }, "Seed (default: the scenario's)");
  cmd->add_option("--threads", f.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--out", f.out, out_help);
  cmd->add_option("--set", f.sets, set_help);
  cmd->add_flag("--quiet", f.quiet, "No progress bar and no table");
  add_limit_flags(cmd, f.limits);
}

// Replications, seed and threads of a run: the flags, else the scenario's defaults.
jcsim::run::RunOptions run_options(const SimFlags& f, const jcsim::model::Scenario& s) {
  jcsim::run::RunOptions o;
  o.replications = f.reps > 0 ? f.reps : s.default_replications;
  o.seed = f.seed_set ? f.seed : s.default_seed;
  o.threads = f.threads;
  o.cancel = &g_stop;
  return o;
}

struct RunFlags : SimFlags {
  std::string scenario;
  std::string db;
  std::string formats = "csv,sqlite,xlsx,html";
};

// Parses the --set assignments into load options; false (with a message) for a malformed one.
bool overrides_from(const std::vector<std::string>& sets, jcsim::scenario::LoadOptions& options) {
  for (const auto& a : sets) {
    const auto o = jcsim::scenario::parse_override(a);
    if (!o) {
      std::fprintf(stderr, "jcsim: --set '%s' is not PATH=VALUE (e.g. instrument[egz].capacity.amount=350)\n",
                   a.c_str());
      return false;
    }
    options.overrides.push_back(*o);
  }
  return true;
}

// The writers `--format` can choose.
struct Formats {
  bool csv = false, sqlite = false, xlsx = false, html = false;
};

// Splits "csv,sqlite,xlsx" and checks every name; an unknown one is a usage error.
bool parse_formats(const std::string& list, Formats& f) {
  f = Formats{};
  size_t start = 0;
  while (true) {
    const size_t comma = list.find(',', start);
    const std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "csv") {
      f.csv = true;
    } else if (name == "sqlite") {
      f.sqlite = true;
    } else if (name == "xlsx") {
      f.xlsx = true;
    } else if (name == "html") {
      f.html = true;
    } else {
      std::fprintf(stderr, "jcsim run: unknown format '%s' in --format; allowed: csv, sqlite, xlsx, html\n",
                   name.c_str());
      return false;
    }
    if (comma == std::string::npos) return true;
    start = comma + 1;
  }
}

// summary.csv, instruments.csv and budget.csv, each renamed into place when complete.
void write_csv_tables(const std::filesystem::path& dir, const jcsim::results::Run& run, const jcsim::model::Scenario& s) {
  jcsim::out::write_file_atomically((dir / "summary.csv").string(), jcsim::out::summary_csv(run));
  jcsim::out::write_file_atomically((dir / "instruments.csv").string(),
                                    jcsim::out::instruments_csv(jcsim::out::instrument_years(run, s)));
  jcsim::out::write_file_atomically((dir / "budget.csv").string(),
                                    jcsim::out::budget_csv(jcsim::out::title_years(run, s)));
}

// A progress bar with the time left on stderr: only on a terminal, and only once a run has taken a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(2)), start_(std::chrono::steady_clock::now()) {}
  void update(int done, int total) {
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 1.0 && done < total) return;
    const int width = 40, filled = total > 0 ? done * width / total : width;
    const double left = done > 0 ? elapsed * (total - done) / done : 0;
    std::fprintf(stderr, "\r[%s%s] %d/%d replications, %.0f s left  ",
                 std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(width - filled), '.').c_str(), done, total, left);
    shown_ = true;
    if (done == total && shown_) std::fprintf(stderr, "\r%*s\r", width + 50, "");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

int cmd_run(const RunFlags& f) {
  Formats formats;
  if (!parse_formats(f.formats, formats)) return kBadInput;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const std::string started_at = jcsim::out::utc_now();
  jcsim::scenario::LoadOptions load_options;
  if (!overrides_from(f.sets, load_options)) return kBadInput;
  const auto loaded = jcsim::scenario::load_file(f.scenario, load_options);
  if (!loaded.scenario) {
    print_diagnostics(loaded.diagnostics);
    return kBadInput;
  }
  if (const int warnings = loaded.diagnostics.warning_count(); warnings > 0 && !f.quiet)
    std::fprintf(stderr, "%s: %d warning%s (jcsim validate shows them)\n", f.scenario.c_str(), warnings,
                 warnings == 1 ? "" : "s");
  const auto& s = *loaded.scenario;
  jcsim::run::RunOptions options = run_options(f, s);
  if (const int rc = check_limits(s, options, f.limits, 1); rc != kOk) return rc;
  Progress progress(!f.quiet);
  options.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  const auto result = jcsim::run::run(s, options);
  if (result.cancelled) {
    std::fprintf(stderr, "jcsim: interrupted; nothing was written\n");
    return g_signal == SIGTERM ? 143 : 130;
  }
  if (!f.out.empty()) std::filesystem::create_directories(f.out);
  // The store first (one transaction), then the files (each renamed into place when complete).
  jcsim::out::RunInfo info;
  {
    info.scenario_file = f.scenario;
    info.scenario_text = loaded.text;
    info.seed = options.seed;
    info.replications = options.replications;
    info.threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    info.started_at = started_at;
    info.seconds = result.seconds;
  }
  const auto stored = jcsim::out::make_run(s, *result.layout, result.summary, info);
  if (formats.sqlite && (!f.db.empty() || !f.out.empty())) {
    const std::string db = f.db.empty() ? (std::filesystem::path(f.out) / "results.sqlite").string() : f.db;
    const int64_t id = jcsim::out::append_run(db, stored);
    if (!f.quiet) std::fprintf(stderr, "%s: run %lld\n", db.c_str(), static_cast<long long>(id));
  }
  if (formats.csv && !f.out.empty()) write_csv_tables(f.out, stored, s);
  if (formats.xlsx && !f.out.empty())
    jcsim::out::write_xlsx((std::filesystem::path(f.out) / "results.xlsx").string(), stored, s);
  if (formats.html && !f.out.empty())
    jcsim::out::write_html((std::filesystem::path(f.out) / "report.html").string(), stored, s);
  if (!f.quiet) std::fputs(jcsim::tools::year_table(s, result, options).c_str(), stdout);
  return kOk;
}

struct ReportFlags {
  std::string source;  // a store file, or a directory holding results.sqlite
  int64_t run = 0;     // 0: the latest
  std::string out;
};

// Regenerates the exports of a stored run (today summary.csv) from the store alone.
int cmd_report(const ReportFlags& f) {
  namespace fs = std::filesystem;
  const fs::path source(f.source);
  const fs::path db = fs::is_directory(source) ? source / "results.sqlite" : source;
  if (!fs::exists(db)) {
    std::fprintf(stderr, "jcsim report: %s does not exist (give a results.sqlite or a directory holding one)\n",
                 db.c_str());
    return kBadInput;
  }
  jcsim::results::Run run;
  try {
    run = jcsim::out::read_run(db.string(), f.run);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "jcsim report: %s\n", e.what());
    return kBadInput;
  }
  const fs::path out = f.out.empty() ? db.parent_path() : fs::path(f.out);
  fs::create_directories(out.empty() ? fs::path(".") : out);
  const fs::path dir = out.empty() ? fs::path(".") : out;
  const fs::path csv = dir / "summary.csv";
  // The tables, spreadsheet and report need the scenario's names and plan: the store keeps the scenario's text.
  const auto scenario = jcsim::scenario::load_text(run.provenance().scenario_file(), run.scenario_text());
  if (scenario.scenario) {
    write_csv_tables(dir, run, *scenario.scenario);
    jcsim::out::write_xlsx((dir / "results.xlsx").string(), run, *scenario.scenario);
    jcsim::out::write_html((dir / "report.html").string(), run, *scenario.scenario);
  } else {
    jcsim::out::write_file_atomically(csv.string(), jcsim::out::summary_csv(run));
    std::fprintf(stderr, "jcsim report: the stored scenario no longer loads; only summary.csv was written\n");
  }
  const auto& p = run.provenance();
  std::printf("%s: run of '%s' (%s, seed %llu, %d replications, %s) → %s\n", db.c_str(), p.scenario_name().c_str(),
              p.scenario_file().c_str(), static_cast<unsigned long long>(p.seed()), p.replications(),
              p.started_at().c_str(), csv.c_str());
  return kOk;
}

struct CompareFlags : SimFlags {  // --set applies to the variant
  std::string base, variant;
};

int cmd_compare(const CompareFlags& f) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  jcsim::scenario::LoadOptions variant_options;
  if (!overrides_from(f.sets, variant_options)) return kBadInput;
  const auto base = jcsim::scenario::load_file(f.base);
  const auto variant = jcsim::scenario::load_file(f.variant, variant_options);
  if (!base.scenario || !variant.scenario) {
    if (!base.scenario) print_diagnostics(base.diagnostics);
    if (!variant.scenario) print_diagnostics(variant.diagnostics);
    return kBadInput;
  }
  jcsim::run::CompareOptions options;
  options.run = run_options(f, *base.scenario);
  // Three runs (base, variant, independent variant) hold their results until the comparison is made.
  for (const auto* s : {base.scenario.get(), variant.scenario.get()})
    if (const int rc = check_limits(*s, options.run, f.limits, 3); rc != kOk) return rc;
  jcsim::run::CompareResult result;
  try {
    result = jcsim::run::compare(*base.scenario, *variant.scenario, options);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "jcsim compare: %s\n", e.what());
    return kBadInput;
  }
  if (result.cancelled) {
    std::fprintf(stderr, "jcsim: interrupted; nothing was written\n");
    return g_signal == SIGTERM ? 143 : 130;
  }
  if (!f.out.empty()) {
    std::filesystem::create_directories(f.out);
    jcsim::out::write_file_atomically((std::filesystem::path(f.out) / "compare.csv").string(),
                                      jcsim::out::compare_csv(*base.scenario, result));
  }
  if (!f.quiet)
    std::fputs(jcsim::tools::compare_table(*base.scenario, *variant.scenario, result, options).c_str(), stdout);
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jcsim: case-management and caseload simulation for Jobcenter strategy staff"};
  app.set_version_flag("--version", std::string("jcsim ") + JCSIM_VERSION);
  app.require_subcommand(1);

  ValidateFlags vf;
  auto* validate = app.add_subcommand("validate", "Check scenario files; exit 0 if all are valid, 2 otherwise");
  validate->add_option("SCENARIO", vf.files, "Scenario files (Protobuf text format)")->required();
  validate->add_flag("--strict", vf.strict, "Treat warnings as errors");
  validate->add_option("--max-file-bytes", vf.max_file_bytes, "Refuse larger files unread")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 32));

  RunFlags rf;
  auto* run = app.add_subcommand("run", "Simulate a scenario: forecast with its uncertainty over replications");
  run->add_option("SCENARIO", rf.scenario, "Scenario file")->required();
  add_sim_flags(run, rf, 1, "Directory for the outputs (summary.csv, tables, results.sqlite, .xlsx, report.html)",
                "Change a field before the run: PATH=VALUE (repeatable)");
  run->add_option("--db", rf.db, "SQLite store to append the run to (instead of DIR/results.sqlite)");
  run->add_option("--format", rf.formats, "Writers: csv, sqlite, xlsx, html (comma-separated)")->capture_default_str();

  CompareFlags cf;
  auto* compare = app.add_subcommand("compare", "Paired differences of two scenarios on common random numbers");
  compare->add_option("BASE", cf.base, "The base scenario")->required();
  compare->add_option("VARIANT", cf.variant, "The variant scenario")->required();
  add_sim_flags(compare, cf, 2, "Directory for compare.csv", "Change a field of the VARIANT: PATH=VALUE (repeatable)");

  ReportFlags pf;
  auto* report = app.add_subcommand("report", "Regenerate summary.csv, results.xlsx and report.html of a stored run");
  report->add_option("SOURCE", pf.source, "results.sqlite, or a directory holding it")->required();
  report->add_option("--run", pf.run, "Run id (default: the latest)")->check(CLI::NonNegativeNumber);
  report->add_option("--out", pf.out, "Directory for the exports (default: beside the store)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }

  try {
    if (validate->parsed()) return cmd_validate(vf);
    if (run->parsed()) return cmd_run(rf);
    if (compare->parsed()) return cmd_compare(cf);
    if (report->parsed()) return cmd_report(pf);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jcsim: internal error: %s\n", e.what());
    return kInternal;
  }
  return kBadInput;
}
