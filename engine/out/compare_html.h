// The comparison report (compare.html): what changes if the portfolio changes — the headline differences per year
// with their 95 % intervals, and month-by-month difference charts (variant − base, band = 95 % interval of the
// paired mean difference) for the stocks, integrations, spend and the instruments the change moved.
#pragma once

#include <string>

#include "proto/results.pb.h"

namespace jcsim::out {

std::string comparison_html(const results::Comparison& comparison);
// Written atomically (temporary name, fsync, rename).
void write_comparison_html(const std::string& path, const results::Comparison& comparison);

}  // namespace jcsim::out
