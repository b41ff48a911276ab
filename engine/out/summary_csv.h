// summary.csv: metric,segment,month,mean,sd,p05,p50,p95 (the contract of DESIGN.md). Written to a temporary
// file beside the target and renamed into place, so it appears complete or not at all.
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "engine/stats/series.h"
#include "proto/results.pb.h"

namespace jcsim::out {

// The CSV text of a run (numbers in shortest round-trip form, so the bytes depend only on the values).
std::string summary_csv(const results::Run& run);
// The same for a summary not yet turned into the results model.
std::string summary_csv(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary);

// Writes `text` to `path` atomically (temporary name, fsync, rename). Throws std::runtime_error on failure.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace jcsim::out
