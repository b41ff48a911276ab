#include "engine/stats/series.h"

#include <algorithm>
#include <cmath>

#include "engine/stats/sample.h"

namespace jcsim::stats {

Layout::Layout(const model::Scenario& s) : horizon_(s.horizon) {
  for (int m = 0; m < kPersonMetrics; ++m)
    for (int g = 0; g < kPersonSegments; ++g) names_.push_back({kPersonMetricNames[m], kPersonSegmentNames[g]});
  instrument_base_ = names_.size();
  for (const auto& ins : s.instruments)
    for (int m = 0; m < kInstrumentMetrics; ++m) names_.push_back({kInstrumentMetricNames[m], "instrument/" + ins.id});
  title_base_ = names_.size();
  for (const auto& t : s.budget_titles)
    for (int m = 0; m < kTitleMetrics; ++m) names_.push_back({kTitleMetricNames[m], "title/" + t.id});
  team_base_ = names_.size();
  for (const auto& t : s.teams)
    for (int m = 0; m < kTeamMetrics; ++m) names_.push_back({kTeamMetricNames[m], "team/" + t.id});
  global_base_ = names_.size();
  for (int m = 0; m < kGlobalMetrics; ++m) names_.push_back({kGlobalMetricNames[m], "all"});
}

Moments moments_of(std::vector<double> v) {
  Moments m;
  if (v.empty()) return m;
  m.mean = mean(v);
  m.sd = std::sqrt(variance(v));
  std::sort(v.begin(), v.end());
  m.p05 = sorted_quantile(v, 0.05);
  m.p50 = sorted_quantile(v, 0.50);
  m.p95 = sorted_quantile(v, 0.95);
  return m;
}

double sorted_quantile(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const double pos = p * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

Summary summarize(const Layout& layout, const std::vector<Values>& reps) {
  Summary out;
  out.horizon = layout.horizon();
  out.replications = static_cast<int>(reps.size());
  out.cells.resize(layout.series_count() * static_cast<size_t>(layout.horizon()));
  std::vector<double> column(reps.size());
  for (size_t s = 0; s < layout.series_count(); ++s)
    for (int t = 0; t < layout.horizon(); ++t) {
      for (size_t r = 0; r < reps.size(); ++r) column[r] = reps[r].at(s, t);
      out.cells[s * static_cast<size_t>(out.horizon) + static_cast<size_t>(t)] = moments_of(column);
    }
  return out;
}

}  // namespace jcsim::stats
