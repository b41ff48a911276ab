// The SQLite run store: several runs in one database file, each with its provenance (schema in README.md).
// A run is appended in one transaction: it is in the store completely or not at all.
#pragma once

#include <cstdint>
#include <string>

#include "proto/results.pb.h"

namespace jcsim::out {

// Creates the schema if needed and appends `run`; returns its id. Throws std::runtime_error on failure (the
// store is then unchanged).
int64_t append_run(const std::string& db_path, const results::Run& run);

// Reads run `id` (0: the latest) back into the results model, cells in their original order. Throws
// std::runtime_error if the store or the run does not exist.
results::Run read_run(const std::string& db_path, int64_t id);

}  // namespace jcsim::out
