#include "engine/out/compare_csv.h"

#include <iterator>

#include <fmt/format.h>

#include "engine/out/tables.h"
#include "engine/stats/sample.h"

namespace jcsim::out {

std::string compare_csv(const results::Comparison& c) {
  std::string out = "metric,segment,month,base_mean,variant_mean,diff_mean,diff_sd,diff_low,diff_high,significant\n";
  for (const auto& d : c.difference())
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", d.metric(), d.segment(), d.month(),
                   d.base(), d.variant(), d.mean(), d.sd(), d.low(), d.high(),
                   stats::excludes_zero(d.low(), d.high()) ? 1 : 0);
  return out;
}

std::string sweep_csv(const std::vector<results::Comparison>& points) {
  std::string out = "point,assignments,figure,base,variant,diff_mean,diff_low,diff_high,significant\n";
  for (size_t p = 0; p < points.size(); ++p) {
    std::string assignments;
    for (const auto& a : points[p].assignment()) assignments += (assignments.empty() ? "" : "; ") + a;
    for (const auto& y : points[p].year())
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{}\n", p, csv_text(assignments), y.label(),
                     y.base(), y.variant(), y.mean(), y.low(), y.high(),
                     stats::excludes_zero(y.low(), y.high()) ? 1 : 0);
  }
  return out;
}

}  // namespace jcsim::out
