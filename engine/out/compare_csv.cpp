#include "engine/out/compare_csv.h"

#include <iterator>

#include <fmt/format.h>

namespace jcsim::out {

std::string compare_csv(const model::Scenario& base, const run::CompareResult& result) {
  std::string out = "metric,segment,month,base_mean,variant_mean,diff_mean,diff_sd,diff_low,diff_high,significant\n";
  for (size_t s = 0; s < result.names.size(); ++s)
    for (int t = 0; t < base.horizon; ++t) {
      const auto& d = result.monthly[s][static_cast<size_t>(t)];
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", result.names[s].metric,
                     result.names[s].segment, base.month_at(t).str(), d.base, d.variant, d.mean, d.sd, d.low, d.high,
                     d.significant() ? 1 : 0);
    }
  return out;
}

}  // namespace jcsim::out
