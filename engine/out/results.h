// Builds the results model (proto/results.proto) of a finished run.
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "engine/stats/series.h"
#include "proto/results.pb.h"

namespace jcsim::out {

struct RunInfo {
  std::string scenario_file, scenario_text;
  uint64_t seed = 0;
  int replications = 0, threads = 0;
  std::string started_at;  // UTC ISO 8601
  double seconds = 0;
};

results::Run make_run(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary,
                      const RunInfo& info);

// FNV-1a 64 of `text`, as 16 hex digits.
std::string text_hash(const std::string& text);
// The current time, UTC, ISO 8601 (for provenance only: nothing random depends on the clock).
std::string utc_now();

}  // namespace jcsim::out
