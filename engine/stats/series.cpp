#include "engine/stats/series.h"

#include <algorithm>
#include <cmath>

#include "engine/stats/sample.h"
#include "engine/util/assert.h"
#include "engine/util/parallel.h"

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

namespace {

// The type-7 p-quantile of v, whose elements [from, end) are, as a set, those at and above the order statistic
// `from` (v is reordered): the two order statistics it lies between, found by selection.
double select_quantile(std::vector<double>& v, size_t from, double p) {
  const double pos = p * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
  const auto at = [&v](size_t k) { return v.begin() + static_cast<std::ptrdiff_t>(k); };
  std::nth_element(at(from), at(lo), v.end());
  const double low = v[lo];
  const double high = hi == lo ? low : *std::min_element(at(lo + 1), v.end());
  return low + (pos - static_cast<double>(lo)) * (high - low);
}

// moments_of on v, which it reorders.
Moments moments_in_place(std::vector<double>& v) {
  Moments m;
  if (v.empty()) return m;
  m.mean = mean(v);
  m.sd = std::sqrt(variance(v));
  if (std::all_of(v.begin(), v.end(), [&v](double x) { return x == v.front(); })) {
    m.p05 = m.p50 = m.p95 = v.front();  // many series are the same in every replication (zero, mostly)
    return m;
  }
  // Ascending quantiles: each selection leaves the elements above its order statistic after it, so the next
  // selects among those only. The same values as sorting (an order statistic is one value however it is found).
  m.p05 = select_quantile(v, 0, 0.05);
  m.p50 = select_quantile(v, static_cast<size_t>(std::floor(0.05 * static_cast<double>(v.size() - 1))), 0.50);
  m.p95 = select_quantile(v, static_cast<size_t>(std::floor(0.50 * static_cast<double>(v.size() - 1))), 0.95);
  return m;
}

}  // namespace

Moments moments_of(std::vector<double> v) {
  return moments_in_place(v);
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
  const auto months = static_cast<size_t>(out.horizon);
  out.cells.resize(layout.series_count() * months);
  // Series in parallel blocks, each cell computed alone (the same result for any thread count); a series' months
  // are gathered together, one contiguous row per replication.
  parallel_blocks(0, layout.series_count(), 16, [&](size_t begin, size_t end) {
    std::vector<std::vector<double>> columns(months, std::vector<double>(reps.size()));
    for (size_t s = begin; s < end; ++s) {
      for (size_t r = 0; r < reps.size(); ++r) {
        const double* row = reps[r].data.data() + s * months;
        for (size_t t = 0; t < months; ++t) {
          // Selection, like sorting, needs an order: no NaN (every ratio of the engine guards its divisor).
          JCSIM_ASSERT(!std::isnan(row[t]), "a metric that is not a number");
          columns[t][r] = row[t];
        }
      }
      for (size_t t = 0; t < months; ++t) out.cells[s * months + t] = moments_in_place(columns[t]);
    }
  });
  return out;
}

}  // namespace jcsim::stats
