// The metrics a run produces: one time series per (metric, segment), in a fixed, documented order.
//
// Report segments: all, u25, ue25, lzb, refugee, single_parent (people), instrument/<id>, title/<id>, team/<id>.
// A replication fills a Values table (series × months); the summary reduces tables over replications.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/model/scenario.h"

namespace jcsim::stats {

// Segments of people; an agent belongs to several (all, its age side, lzb, ...).
enum PersonSegment : int { kAll, kU25, kUe25, kLzb, kRefugee, kSingleParent, kPersonSegments };
inline constexpr std::array<const char*, kPersonSegments> kPersonSegmentNames = {
    "all", "u25", "ue25", "lzb", "refugee", "single_parent"};

// Metrics reported for every person segment.
enum PersonMetric : int {
  kElbStock,
  kLzbStock,
  kInflow,
  kOutflow,
  kExitsOther,
  kIntegrations,
  kIntegrationsEmployment,
  kIntegrationsAusbildung,
  kIntegrationsSelfEmployment,
  kIntegrationsCumulative,
  kIntegrationRate12m,     // K2
  kLzbIntegrationRate12m,  // K3E1
  kLzbActivationRate,      // K3E2
  kParticipants,           // ELB of the segment taking part in an instrument
  kPersonMetrics
};
inline constexpr std::array<const char*, kPersonMetrics> kPersonMetricNames = {
    "elb_stock",
    "lzb_stock",
    "inflow",
    "outflow",
    "exits_other",
    "integrations",
    "integrations_employment",
    "integrations_ausbildung",
    "integrations_self_employment",
    "integrations_cumulative",
    "integration_rate_12m",
    "lzb_integration_rate_12m",
    "lzb_activation_rate",
    "participants"};

enum InstrumentMetric : int { kInsParticipants, kInsEntries, kInsWaiting, kInsSpend, kInstrumentMetrics };
inline constexpr std::array<const char*, kInstrumentMetrics> kInstrumentMetricNames = {"participants", "entries",
                                                                                       "waiting", "spend"};

enum TitleMetric : int { kTitleSpend, kTitleSpendYear, kTitleAvailable, kTitleCommitmentsNextYear, kTitleMetrics };
inline constexpr std::array<const char*, kTitleMetrics> kTitleMetricNames = {"spend", "spend_year_to_date",
                                                                             "budget_available",
                                                                             "commitments_next_year"};

enum TeamMetric : int { kTeamFte, kTeamCaseload, kTeamMetrics };
inline constexpr std::array<const char*, kTeamMetrics> kTeamMetricNames = {"staff_fte", "caseload_per_fte"};

// Totals over all titles and the §16i figures (segment "all").
enum GlobalMetric : int {
  kSpendAll,
  kCommitmentsNextYearAll,
  kP16iStock,
  kP16iExitsMaxDuration,
  kP16iExitsToJob,
  kGlobalMetrics
};
inline constexpr std::array<const char*, kGlobalMetrics> kGlobalMetricNames = {
    "spend", "commitments_next_year", "p16i_stock", "p16i_exits_max_duration", "p16i_exits_to_job"};

struct SeriesName {
  std::string metric, segment;
};

// Where each series lives in a Values table.
class Layout {
 public:
  explicit Layout(const model::Scenario& s);
  int horizon() const { return horizon_; }
  size_t series_count() const { return names_.size(); }
  const SeriesName& name(size_t series) const { return names_[series]; }

  size_t person(PersonMetric m, int segment) const {
    return static_cast<size_t>(static_cast<int>(m) * static_cast<int>(kPersonSegments) + segment);
  }
  size_t instrument(InstrumentMetric m, int ins) const { return instrument_base_ + static_cast<size_t>(ins * kInstrumentMetrics + m); }
  size_t title(TitleMetric m, int title) const { return title_base_ + static_cast<size_t>(title * kTitleMetrics + m); }
  size_t team(TeamMetric m, int team) const { return team_base_ + static_cast<size_t>(team * kTeamMetrics + m); }
  size_t global(GlobalMetric m) const { return global_base_ + static_cast<size_t>(m); }

 private:
  int horizon_;
  size_t instrument_base_ = 0, title_base_ = 0, team_base_ = 0, global_base_ = 0;
  std::vector<SeriesName> names_;
};

// One replication's results: value(series, t), row-major by series.
struct Values {
  int horizon = 0;
  std::vector<double> data;
  Values() = default;
  Values(size_t series, int months) : horizon(months), data(series * static_cast<size_t>(months), 0.0) {}
  double& at(size_t series, int t) { return data[series * static_cast<size_t>(horizon) + static_cast<size_t>(t)]; }
  double at(size_t series, int t) const {
    return data[series * static_cast<size_t>(horizon) + static_cast<size_t>(t)];
  }
};

// Mean, standard deviation and quantiles of one series-month over replications.
struct Moments {
  double mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0;
};

// The reduction of all replications, in replication order (independent of the order they finished in).
struct Summary {
  std::vector<Moments> cells;  // series × months
  int horizon = 0;
  int replications = 0;
  const Moments& at(size_t series, int t) const { return cells[series * static_cast<size_t>(horizon) + static_cast<size_t>(t)]; }
};

Summary summarize(const Layout& layout, const std::vector<Values>& replications);
// Mean, sample sd and quantiles (type 7: linear between order statistics, as R and numpy by default).
Moments moments_of(std::vector<double> values);
// The p-quantile (type 7) of values sorted ascending.
double sorted_quantile(const std::vector<double>& sorted, double p);

}  // namespace jcsim::stats
