// Loading a scenario: the one boundary between scenario files and the engine.
//
// A file is read, checked as text (size, UTF-8), parsed from Protobuf text format, validated (all problems in one
// pass) and compiled into a frozen model::Scenario. The caller gets either the scenario or the diagnostics that
// explain why not — never an exception, abort or log line for bad input.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <vector>

#include "engine/model/scenario.h"
#include "engine/scenario/override.h"
#include "engine/util/diagnostics.h"

namespace jcsim::scenario {

struct LoadOptions {
  size_t max_file_bytes = 16u << 20;  // a scenario is a few hundred KiB; larger files are refused unread
  bool strict = false;                // warnings count as errors
  std::vector<Override> overrides;    // applied in order after parsing, before validation
};

struct LoadResult {
  std::shared_ptr<const model::Scenario> scenario;  // null when diagnostics has errors
  Diagnostics diagnostics;
  std::string text;  // the scenario's text (for provenance); with overrides, the effective scenario
};

LoadResult load_file(const std::string& path, const LoadOptions& options = {});
// Reads a whole file of at most `max_bytes` (larger files are refused unread); false with a located error.
bool read_text_file(const std::string& path, size_t max_bytes, std::string& text, Diagnostics& diags);
// `name` is the file name used in diagnostics.
LoadResult load_text(std::string_view name, std::string_view text, const LoadOptions& options = {});

}  // namespace jcsim::scenario
