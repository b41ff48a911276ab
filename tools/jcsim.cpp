// jcsim: the command line. Thin by design: parse flags, call the library, print. The contract (subcommands,
// flags, exit codes) is in ../shared/DESIGN.md and README.md; scripts depend on it.
//
// Exit codes: 0 success, 2 bad input or usage, 1 internal error.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/out/compare_csv.h"
#include "engine/out/compare_html.h"
#include "engine/out/html.h"
#include "engine/out/results.h"
#include "engine/out/sqlite_store.h"
#include "engine/out/summary_csv.h"
#include "engine/out/tables.h"
#include "engine/out/xlsx.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/sim/state.h"
#include "engine/util/memory.h"
#include "tools/common.h"
#include "tools/report.h"

namespace {

using namespace jcsim::tools;

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

struct RunFlags : SimFlags {
  std::string scenario;
  std::string db;
  std::string formats = "csv,sqlite,xlsx,html";
};

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

int cmd_run(const RunFlags& f) {
  Formats formats;
  if (!parse_formats(f.formats, formats)) return kBadInput;
  catch_stop_signals();
  const std::string started_at = jcsim::out::utc_now();
  jcsim::scenario::LoadOptions load_options;
  if (!overrides_from(f.sets, load_options)) return kBadInput;
  const auto loaded = jcsim::scenario::load_file(f.scenario, load_options);
  if (!loaded.scenario) {
    print_diagnostics(loaded.diagnostics);
    return kBadInput;
  }
  if (const int warnings = loaded.diagnostics.warning_count(); warnings > 0 && !f.quiet && speaks())
    std::fprintf(stderr, "%s: %d warning%s (jcsim validate shows them)\n", f.scenario.c_str(), warnings,
                 warnings == 1 ? "" : "s");
  const auto& s = *loaded.scenario;
  jcsim::run::RunOptions options = run_options(f, s);
  if (const int rc = check_limits(s, options, f.limits, 1); rc != kOk) return rc;
  if (!outputs_writable("jcsim run", {{"--out", f.out, OutputPath::kDirectory},
                                      {f.db.empty() ? "--out" : "--db",
                                       formats.sqlite ? store_path(f.db, f.out) : "", OutputPath::kStore}}))
    return kBadInput;
  Progress progress(!f.quiet);
  options.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  const auto result = jcsim::run::run_on(cluster(), s, options);
  if (result.cancelled) {
    if (speaks()) std::fprintf(stderr, "jcsim: interrupted; nothing was written\n");
    return interrupted_exit_code();
  }
  if (!result.has_values) return kOk;  // an MPI rank other than 0: rank 0 writes
  // The store first (one transaction), then the files (each renamed into place when complete).
  const auto info = run_info(f, f.scenario, loaded.text, options, started_at, result.seconds);
  const auto stored = jcsim::out::make_run(s, *result.layout, result.summary, info);
  if (const std::string db = store_path(f.db, f.out); formats.sqlite && !db.empty()) {
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
  const fs::path dir = out.empty() ? fs::path(".") : out;
  if (!outputs_writable("jcsim report", {{"--out", dir.string(), OutputPath::kDirectory}})) return kBadInput;
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
  std::string db;
};

int cmd_compare(const CompareFlags& f) {
  catch_stop_signals();
  const std::string started_at = jcsim::out::utc_now();
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
  if (!outputs_writable("jcsim compare",
                        {{"--out", f.out, OutputPath::kDirectory},
                         {f.db.empty() ? "--out" : "--db", store_path(f.db, f.out), OutputPath::kStore}}))
    return kBadInput;
  Progress progress(!f.quiet);
  options.run.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  jcsim::run::CompareResult result;
  try {
    result = jcsim::run::compare(*base.scenario, *variant.scenario, options, cluster());
  } catch (const std::invalid_argument& e) {
    if (speaks()) std::fprintf(stderr, "jcsim compare: %s\n", e.what());
    return kBadInput;
  }
  if (result.cancelled) {
    if (speaks()) std::fprintf(stderr, "jcsim: interrupted; nothing was written\n");
    return interrupted_exit_code();
  }
  if (!result.has_values) return kOk;  // an MPI rank other than 0
  const auto info = run_info(f, f.base, base.text, options.run, started_at, result.seconds);
  const auto comparison =
      jcsim::out::make_comparison(*base.scenario, *variant.scenario, result, info, f.variant, variant.text, f.sets);
  if (const std::string db = store_path(f.db, f.out); !db.empty()) {
    const int64_t id = jcsim::out::append_comparison(db, comparison);
    if (!f.quiet) std::fprintf(stderr, "%s: comparison %lld\n", db.c_str(), static_cast<long long>(id));
  }
  if (!f.out.empty()) {
    const std::filesystem::path dir(f.out);
    jcsim::out::write_file_atomically((dir / "compare.csv").string(), jcsim::out::compare_csv(comparison));
    jcsim::out::write_comparison_html((dir / "compare.html").string(), comparison);
  }
  if (!f.quiet)
    std::fputs(jcsim::tools::compare_table(*base.scenario, *variant.scenario, result, options).c_str(), stdout);
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  jcsim::keep_freed_memory();  // replications reuse the memory of the ones before
  CLI::App app{"jcsim: case-management and caseload simulation for Jobcenter strategy staff"};
  app.set_version_flag("--version", std::string("jcsim ") + JCSIM_VERSION);
  app.require_subcommand(1);

  ValidateFlags vf;
  auto* validate = app.add_subcommand("validate", "Check scenario files; exit 0 if all are valid, 2 otherwise");
  validate->add_option("SCENARIO", vf.files, "Scenario files (Protobuf text format)")->required();
  validate->add_flag("--strict", vf.strict, "Treat warnings as errors");
  validate->add_option("--max-file-bytes", vf.max_file_bytes, "Refuse larger files unread")
      ->capture_default_str()
      ->check(jcsim::tools::whole_number("a file size in bytes", 1, uint64_t{1} << 32));

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
  add_sim_flags(compare, cf, 2, "Directory for compare.csv, compare.html and results.sqlite",
                "Change a field of the VARIANT: PATH=VALUE (repeatable)");
  compare->add_option("--db", cf.db, "SQLite store to append the comparison to (instead of DIR/results.sqlite)");

  SweepFlags sf;
  auto* sweep = app.add_subcommand("sweep", "Compare a grid of variants with the base; every point stored as it completes");
  sweep->add_option("SCENARIO", sf.scenario, "The base scenario")->required();
  add_sim_flags(sweep, sf, 2, "Directory for results.sqlite and sweep.csv",
                "An axis of the grid: PATH=V1,V2,… (repeatable; the grid is every combination)");
  sweep->add_option("--db", sf.db, "SQLite store for the points (instead of DIR/results.sqlite)");
  sweep->add_flag("--resume", sf.resume, "Skip the points an earlier, interrupted sweep with the same settings stored");

  CalibrateFlags kf;
  auto* calibrate = app.add_subcommand("calibrate", "Fit a scenario's free parameters to observed targets (NLopt)");
  calibrate->add_option("SCENARIO", kf.scenario, "The scenario to calibrate")->required();
  calibrate->add_option("--targets", kf.targets, "Targets file: free parameters and observed figures")->required();
  calibrate->add_option("--out", kf.out, "Write the calibrated scenario here (the text with the fitted values)");
  calibrate->add_option("--threads", kf.threads, "Worker threads (default: all cores)")
      ->check(jcsim::tools::whole_number("a number of threads", 1, 1024));
  calibrate->add_flag("--quiet", kf.quiet, "No line per evaluation");

  ReportFlags pf;
  auto* report = app.add_subcommand("report", "Regenerate summary.csv, results.xlsx and report.html of a stored run");
  report->add_option("SOURCE", pf.source, "results.sqlite, or a directory holding it")->required();
  report->add_option("--run", pf.run, "Run id (default: 0, the latest)")
      ->check(jcsim::tools::whole_number("a run id", 0, INT64_MAX));
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

  if (jcsim::run::launched_by_mpi() && !jcsim::run::mpi_available()) {
    std::fprintf(stderr, "jcsim: started by an MPI launcher, but this jcsim was built without MPI (configure with "
                         "-DJCSIM_MPI=ON); run it without mpirun\n");
    return kBadInput;
  }
  try {
    if (validate->parsed()) return cmd_validate(vf);
    if (run->parsed()) return cmd_run(rf);
    if (compare->parsed()) return cmd_compare(cf);
    if (report->parsed()) return cmd_report(pf);
    if (sweep->parsed()) return cmd_sweep(sf);
    if (calibrate->parsed()) return cmd_calibrate(kf);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jcsim: internal error: %s\n", e.what());
    return kInternal;
  }
  return kBadInput;
}
