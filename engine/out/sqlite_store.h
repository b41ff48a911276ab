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

}  // namespace jcsim::out
