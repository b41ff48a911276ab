// Builds the results model (proto/results.proto) of a finished run.
#pragma once

#include <string>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/run/compare.h"
#include "engine/stats/series.h"
#include "engine/util/text.h"
#include "proto/results.pb.h"

namespace jcsim::out {

struct RunInfo {
  std::string scenario_file, scenario_text;
  uint64_t seed = 0;
  int replications = 0, threads = 0, ranks = 1;
  std::string started_at;  // UTC ISO 8601
  double seconds = 0;
};

results::Run make_run(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary,
                      const RunInfo& info);

// The comparison of two scenarios (info describes the base and the run settings).
results::Comparison make_comparison(const model::Scenario& base, const model::Scenario& variant,
                                    const run::CompareResult& result, const RunInfo& info,
                                    const std::string& variant_file, const std::string& variant_text,
                                    const std::vector<std::string>& assignments);

using jcsim::text_hash;  // FNV-1a 64 of a text (engine/util/text.h)
// The current time, UTC, ISO 8601 (for provenance only: nothing random depends on the clock).
std::string utc_now();

}  // namespace jcsim::out
