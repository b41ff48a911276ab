// jcsim sweep: the grid of variants of one scenario, each point compared with the base on common random numbers
// and stored in the SQLite store as soon as it is done (one transaction per point). `--resume` finds the latest
// sweep with the same key (scenario text, axes, seed, replications) and computes only the points it lacks, so a
// crash or `kill -9` loses at most the point that was running.
//
// Under mpirun every point's replications are spread over the ranks (engine/run/cluster.h); rank 0 decides which
// points remain, compares and writes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/out/compare_csv.h"
#include "engine/out/results.h"
#include "engine/out/sqlite_store.h"
#include "engine/out/summary_csv.h"
#include "engine/run/compare.h"
#include "engine/run/sweep.h"
#include "engine/util/format.h"
#include "tools/common.h"

namespace jcsim::tools {

namespace {

struct LoadedPoint {
  run::SweepPoint point;
  std::shared_ptr<const model::Scenario> scenario;
  std::string text;
};

// "id;p,p,p": the sweep's id and the points it still lacks, as rank 0 sends it to the others.
std::string encode_remaining(int64_t id, const std::vector<int>& remaining) {
  std::string out = std::to_string(id) + ";";
  for (size_t k = 0; k < remaining.size(); ++k) out += (k ? "," : "") + std::to_string(remaining[k]);
  return out;
}

void decode_remaining(const std::string& text, int64_t& id, std::vector<int>& remaining) {
  const size_t semi = text.find(';');
  id = std::stoll(text.substr(0, semi));
  remaining.clear();
  for (size_t at = semi + 1; at < text.size();) {
    const size_t comma = std::min(text.find(',', at), text.size());
    remaining.push_back(std::stoi(text.substr(at, comma - at)));
    at = comma + 1;
  }
}

std::string sweep_table(const std::vector<results::Comparison>& points) {
  std::string out;
  for (size_t p = 0; p < points.size(); ++p) {
    std::string label;
    for (const auto& a : points[p].assignment()) label += (label.empty() ? "" : "; ") + a;
    fmt::format_to(std::back_inserter(out), "  point {}: {}\n", p, label);
    for (const auto& y : points[p].year()) {
      const bool sig = y.low() > 0 || y.high() < 0;
      const int decimals = std::abs(y.mean()) < 10 && std::abs(y.base()) < 1000 ? 1 : 0;
      fmt::format_to(std::back_inserter(out), "    {:<32}{:>14}{:>14}  [{} – {}]\n", y.label(),
                     group_thousands(y.variant(), decimals), group_thousands(y.mean(), decimals) + (sig ? " *" : "  "),
                     group_thousands(y.low(), decimals), group_thousands(y.high(), decimals));
    }
  }
  return out;
}

}  // namespace

int cmd_sweep(const SweepFlags& f) {
  catch_stop_signals();
  if (f.sets.empty()) {
    if (speaks()) std::fprintf(stderr, "jcsim sweep: give at least one axis: --set PATH=V1,V2,…\n");
    return kBadInput;
  }
  if (f.db.empty() && f.out.empty()) {
    if (speaks())
      std::fprintf(stderr, "jcsim sweep: give --out DIR or --db FILE: every point is stored as it completes\n");
    return kBadInput;
  }
  std::vector<run::Axis> axes;
  for (const auto& a : f.sets) {
    const auto axis = run::parse_axis(a);
    if (!axis) {
      if (speaks())
        std::fprintf(stderr, "jcsim sweep: --set '%s' is not PATH=V1,V2,… (e.g. instrument[egz].capacity.amount=300,350)\n",
                     a.c_str());
      return kBadInput;
    }
    axes.push_back(*axis);
  }
  std::vector<run::SweepPoint> grid;
  try {
    grid = run::grid(axes);
  } catch (const std::invalid_argument& e) {
    if (speaks()) std::fprintf(stderr, "jcsim sweep: %s\n", e.what());
    return kBadInput;
  }
  const auto base = scenario::load_file(f.scenario);
  if (!base.scenario) {
    print_diagnostics(base.diagnostics);
    return kBadInput;
  }
  // Every point is checked before anything runs: a typo in the last value must not surface hours later.
  std::vector<LoadedPoint> points;
  bool any_invalid = false;
  for (const auto& p : grid) {
    scenario::LoadOptions options;
    options.overrides = p.assignments;
    auto loaded = scenario::load_text(f.scenario, base.text, options);  // the text read once, not the file again
    if (!loaded.scenario) {
      if (speaks()) std::fprintf(stderr, "jcsim sweep: point %d (%s) is not a valid scenario:\n", p.index, p.label().c_str());
      print_diagnostics(loaded.diagnostics);
      any_invalid = true;
      continue;
    }
    try {
      run::check_comparable(*base.scenario, *loaded.scenario);
    } catch (const std::invalid_argument& e) {
      if (speaks()) std::fprintf(stderr, "jcsim sweep: point %d (%s): %s\n", p.index, p.label().c_str(), e.what());
      any_invalid = true;
      continue;
    }
    points.push_back({p, loaded.scenario, loaded.text});
  }
  if (any_invalid) return kBadInput;
  run::RunOptions options = run_options(f, *base.scenario);
  for (const auto& p : points)  // the base's and one point's results are held at once
    if (const int rc = check_limits(*p.scenario, options, f.limits, 2); rc != kOk) return rc;

  if (!outputs_writable("jcsim sweep",
                        {{"--out", f.out, OutputPath::kDirectory},
                         {f.db.empty() ? "--out" : "--db", store_path(f.db, f.out), OutputPath::kStore}}))
    return kBadInput;
  const std::string db = store_path(f.db, f.out);
  const std::string key = run::sweep_key(base.text, axes, options.seed, options.replications);
  // Rank 0 decides which points remain and tells the others.
  std::string remaining_text;
  if (speaks()) {
    std::optional<out::SweepRecord> earlier;
    if (f.resume) earlier = out::find_sweep(db, key);
    std::vector<int> remaining;
    int64_t id = 0;
    if (earlier) {
      id = earlier->id;
      const auto done = out::finished_points(db, id);
      for (const auto& p : points)
        if (!std::binary_search(done.begin(), done.end(), p.point.index)) remaining.push_back(p.point.index);
      if (!f.quiet)
        std::fprintf(stderr, "%s: resuming sweep %lld (started %s): %zu of %zu points done\n", db.c_str(),
                     static_cast<long long>(id), earlier->started_at.c_str(), done.size(), points.size());
    } else {
      if (f.resume && !f.quiet)
        std::fprintf(stderr, "%s: no earlier sweep with these settings; starting a new one\n", db.c_str());
      out::SweepRecord record;
      record.key = key;
      record.scenario_name = base.scenario->name;
      record.scenario_file = f.scenario;
      for (const auto& a : f.sets) record.axes += (record.axes.empty() ? "" : "\n") + a;
      record.points = static_cast<int>(points.size());
      record.seed = options.seed;
      record.replications = options.replications;
      record.started_at = out::utc_now();
      id = out::begin_sweep(db, record);
      for (const auto& p : points) remaining.push_back(p.point.index);
      if (!f.quiet) std::fprintf(stderr, "%s: sweep %lld, %zu points\n", db.c_str(), static_cast<long long>(id), points.size());
    }
    remaining_text = encode_remaining(id, remaining);
  }
  int64_t sweep_id = 0;
  std::vector<int> remaining;
  decode_remaining(cluster().broadcast(remaining_text), sweep_id, remaining);

  if (!remaining.empty()) {
    const auto b = run::run_on(cluster(), *base.scenario, options);
    if (b.cancelled) {
      if (speaks()) std::fprintf(stderr, "jcsim: interrupted before the first point; `--resume` continues\n");
      return interrupted_exit_code();
    }
    Progress progress(!f.quiet, "points");
    int finished = 0;
    for (const int index : remaining) {
      const auto& p = points[static_cast<size_t>(index)];
      const std::string started_at = out::utc_now();
      const auto v = run::run_on(cluster(), *p.scenario, options);
      if (v.cancelled) {
        if (speaks())
          std::fprintf(stderr, "jcsim: interrupted; %d of %zu remaining points were stored, `--resume` continues\n",
                       finished, remaining.size());
        return interrupted_exit_code();
      }
      if (speaks()) {
        auto result = run::compare_runs(*base.scenario, b, v, nullptr);
        const auto info = run_info(f, f.scenario, base.text, options, started_at, v.seconds);
        std::vector<std::string> assignments;
        for (const auto& a : p.point.assignments) assignments.push_back(a.str());
        const auto comparison =
            out::make_comparison(*base.scenario, *p.scenario, result, info, f.scenario, p.text, assignments);
        out::append_comparison(db, comparison, sweep_id, index);
      }
      progress.update(++finished, static_cast<int>(remaining.size()));
    }
  }
  if (!speaks()) return kOk;
  // The whole sweep, earlier points included, from the store.
  const auto stored = out::read_sweep(db, sweep_id);
  if (!f.out.empty())
    out::write_file_atomically((std::filesystem::path(f.out) / "sweep.csv").string(), out::sweep_csv(stored));
  if (!f.quiet) {
    std::printf("%s: sweep of %zu points, %d paired replications each, seed %llu\n"
                "Differences variant − base: variant, difference and its 95 %% interval; * = significant\n",
                base.scenario->name.c_str(), stored.size(), options.replications,
                static_cast<unsigned long long>(options.seed));
    std::fputs(sweep_table(stored).c_str(), stdout);
  }
  return kOk;
}

}  // namespace jcsim::tools
