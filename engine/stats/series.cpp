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

// Where the type-7 p-quantile of n sorted values lies: between order statistics lo and hi, at pos.
struct Rank {
  double pos;
  size_t lo, hi;
};
Rank rank_of(size_t n, double p) {
  const double pos = p * static_cast<double>(n - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  return {pos, lo, std::min(lo + 1, n - 1)};
}

double between(const Rank& r, double low, double high) {
  return low + (r.pos - static_cast<double>(r.lo)) * (high - low);
}

// The type-7 p-quantile of v, found by selection among the elements [from, end), which must be, as a set, those
// at and above the order statistic `from` (v is reordered). Sets `from` to the quantile's lower order statistic,
// so that a larger p can select among the elements after it.
double select_quantile(std::vector<double>& v, size_t& from, double p) {
  const Rank r = rank_of(v.size(), p);
  const auto at = [&v](size_t k) { return v.begin() + static_cast<std::ptrdiff_t>(k); };
  std::nth_element(at(from), at(r.lo), v.end());
  from = r.lo;
  const double low = v[r.lo];
  return between(r, low, r.hi == r.lo ? low : *std::min_element(at(r.lo + 1), v.end()));
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
  // Ascending quantiles, each selected among the elements above the one before. The same values as sorting (an
  // order statistic is one value however it is found).
  size_t from = 0;
  m.p05 = select_quantile(v, from, 0.05);
  m.p50 = select_quantile(v, from, 0.50);
  m.p95 = select_quantile(v, from, 0.95);
  return m;
}

}  // namespace

Moments moments_of(std::vector<double> v) {
  return moments_in_place(v);
}

double sorted_quantile(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const Rank r = rank_of(v.size(), p);
  return between(r, v[r.lo], v[r.hi]);
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
