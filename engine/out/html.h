// The report: one self-contained HTML file (no script, no external resource; works offline) with charts drawn as
// inline SVG — fan charts of ELB and LZB stock, integrations against the year's target, spend against budget per
// title, occupancy and waiting lists, caseloads against the statutory guide values, §16i — and tables. Every piece
// of scenario text is HTML-escaped.
#pragma once

#include <string>
#include <string_view>

#include "engine/model/scenario.h"
#include "proto/results.pb.h"

namespace jcsim::out {

std::string report_html(const results::Run& run, const model::Scenario& scenario);
// Written atomically (temporary name, fsync, rename).
void write_html(const std::string& path, const results::Run& run, const model::Scenario& scenario);

std::string html_escape(std::string_view text);

}  // namespace jcsim::out
