// Sweeps: the grid of variants a `jcsim sweep SCENARIO --set PATH=V1,V2,… [--set …]` describes. Every point is the
// base scenario with one value per axis; points are numbered row-major (the last axis varies fastest), so a
// point's number, and what it means, depends only on the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/override.h"

namespace jcsim::run {

struct Axis {
  std::string path;
  std::vector<std::string> values;
};

// "PATH=V1,V2,…" (values split at commas, surrounding blanks removed); nullopt without '=', with an empty path
// or an empty value.
std::optional<Axis> parse_axis(std::string_view text);

struct SweepPoint {
  int index = 0;
  std::vector<scenario::Override> assignments;  // one per axis, in axis order
  std::string label() const;                    // "PATH=V; PATH=V"
};

// The points of the grid; throws std::invalid_argument when there are more than `max_points`, when a path is given
// as two axes or an axis repeats a value.
std::vector<SweepPoint> grid(const std::vector<Axis>& axes, size_t max_points = 100000);

// What identifies a sweep for --resume: the scenario text, the axes, the seed and the replications. Two sweeps
// with the same key compute the same results point by point.
std::string sweep_key(const std::string& scenario_text, const std::vector<Axis>& axes, uint64_t seed, int replications);

}  // namespace jcsim::run
