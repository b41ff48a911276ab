// The SQLite result store: runs, comparisons and sweeps in one database file, each with its provenance (schema in
// README.md). Everything is appended in one transaction: it is in the store completely or not at all, so a crash
// or `kill -9` never leaves half a run, half a comparison or a sweep point without its results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/results.pb.h"

namespace jcsim::out {

// Why results cannot be appended to the store at `db_path`, or "": an existing file must be an SQLite database
// that is empty or holds jcsim's tables (a missing file is created by the first append). Reads only.
std::string store_problem(const std::string& db_path);

// Creates the schema if needed and appends `run`; returns its id. Throws std::runtime_error on failure (the
// store is then unchanged).
int64_t append_run(const std::string& db_path, const results::Run& run);

// Reads run `id` (0: the latest) back into the results model, cells in their original order. Throws
// std::runtime_error if the store or the run does not exist.
results::Run read_run(const std::string& db_path, int64_t id);

// A sweep as the store keeps it: what identifies it for --resume, and what it varies.
struct SweepRecord {
  int64_t id = 0;
  std::string key;        // run::sweep_key
  std::string scenario_name, scenario_file;
  std::string axes;       // the --set arguments, one per line
  int points = 0;
  uint64_t seed = 0;
  int replications = 0;
  std::string started_at;
};

// Appends a comparison; with `sweep_id`, it is point `point` of that sweep (recorded in the same transaction, so a
// point counts as finished exactly when its results are stored). Returns the comparison's id.
int64_t append_comparison(const std::string& db_path, const results::Comparison& comparison,
                          std::optional<int64_t> sweep_id = std::nullopt, int point = 0);
results::Comparison read_comparison(const std::string& db_path, int64_t id);

// Registers a new sweep; returns its id.
int64_t begin_sweep(const std::string& db_path, const SweepRecord& sweep);
// The latest sweep with this key, if the store has one (the store need not exist).
std::optional<SweepRecord> find_sweep(const std::string& db_path, const std::string& key);
// The finished points of a sweep, ascending, and their comparisons in the same order.
std::vector<int> finished_points(const std::string& db_path, int64_t sweep_id);
std::vector<results::Comparison> read_sweep(const std::string& db_path, int64_t sweep_id);

}  // namespace jcsim::out
