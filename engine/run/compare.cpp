#include "engine/run/compare.h"

#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>

#include "engine/stats/sample.h"

namespace jcsim::run {

using stats::mean;
using stats::t975;
using stats::variance;

Difference paired_difference(const std::vector<double>& base, const std::vector<double>& variant) {
  Difference d;
  std::vector<double> diff(base.size());
  for (size_t r = 0; r < base.size(); ++r) diff[r] = variant[r] - base[r];
  d.base = mean(base);
  d.variant = mean(variant);
  d.mean = mean(diff);
  d.sd = std::sqrt(variance(diff));
  const double n = static_cast<double>(diff.size());
  const double half = n > 1 ? t975(n - 1) * d.sd / std::sqrt(n) : 0;
  d.low = d.mean - half;
  d.high = d.mean + half;
  return d;
}

double independent_half_width(const std::vector<double>& a, const std::vector<double>& b) {
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  if (na < 2 || nb < 2) return 0;
  const double va = variance(a) / na, vb = variance(b) / nb;
  if (va + vb <= 0) return 0;
  // Welch–Satterthwaite degrees of freedom.
  const double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  return t975(df) * std::sqrt(va + vb);
}

void check_comparable(const model::Scenario& base, const model::Scenario& variant) {
  if (base.start != variant.start || base.horizon != variant.horizon)
    throw std::invalid_argument("the scenarios must share calendar.start and calendar.horizon_months (base " +
                                base.start.str() + " + " + std::to_string(base.horizon) + ", variant " +
                                variant.start.str() + " + " + std::to_string(variant.horizon) + ")");
}

CompareResult compare(const model::Scenario& base, const model::Scenario& variant, const CompareOptions& options,
                      Cluster& cluster) {
  check_comparable(base, variant);
  const auto started = std::chrono::steady_clock::now();
  const auto b = run_on(cluster, base, options.run);
  const auto v = run_on(cluster, variant, options.run);
  RunResult independent;
  if (options.independent_run) {
    RunOptions other = options.run;
    other.first_replication = options.run.first_replication + options.run.replications;  // disjoint streams
    independent = run_on(cluster, variant, other);
  }
  CompareResult out;
  out.cancelled = b.cancelled || v.cancelled || independent.cancelled;
  out.has_values = b.has_values;
  if (out.cancelled || !out.has_values) return out;
  out = compare_runs(base, b, v, options.independent_run ? &independent : nullptr);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

CompareResult compare_runs(const model::Scenario& base, const RunResult& b, const RunResult& v,
                           const RunResult* independent) {
  CompareResult out;
  // Series are matched by name: a variant may add or remove instruments, titles or teams.
  std::map<std::pair<std::string, std::string>, size_t> in_variant;
  for (size_t s = 0; s < v.layout->series_count(); ++s)
    in_variant[{v.layout->name(s).metric, v.layout->name(s).segment}] = s;
  const size_t reps = b.replications.size();
  std::vector<double> xb(reps), xv(reps);
  for (size_t s = 0; s < b.layout->series_count(); ++s) {
    const auto& name = b.layout->name(s);
    const auto it = in_variant.find({name.metric, name.segment});
    if (it == in_variant.end()) continue;
    out.names.push_back(name);
    auto& row = out.monthly.emplace_back();
    for (int t = 0; t < base.horizon; ++t) {
      for (size_t r = 0; r < reps; ++r) {
        xb[r] = b.replications[r].at(s, t);
        xv[r] = v.replications[r].at(it->second, t);
      }
      row.push_back(paired_difference(xb, xv));
    }
  }

  // Headline figures per calendar year: integrations (sum), spend (sum), ELB, LZB and §16i stock at year end.
  const auto& L = *b.layout;
  struct Headline {
    const char* label;
    size_t series;
    bool sum;
  };
  const Headline headlines[] = {
      {"integrations", L.person(stats::kIntegrations, stats::kAll), true},
      {"spend", L.global(stats::kSpendAll), true},
      {"elb_stock (December)", L.person(stats::kElbStock, stats::kAll), false},
      {"lzb_stock (December)", L.person(stats::kLzbStock, stats::kAll), false},
      {"p16i_exits_to_job", L.global(stats::kP16iExitsToJob), true},
  };
  for (int year = base.start.year(); year <= base.month_at(base.horizon - 1).year(); ++year) {
    for (const auto& h : headlines) {
      const auto& vname = L.name(h.series);
      const size_t vs = in_variant.at({vname.metric, vname.segment});
      const auto pick = [&](const RunResult& r, size_t series) {
        return h.sum ? year_sum(r, base, series, year) : year_end(r, base, series, year);
      };
      YearRow row;
      row.label = std::string(h.label) + " " + std::to_string(year);
      const auto base_values = pick(b, h.series);
      row.paired = paired_difference(base_values, pick(v, vs));
      if (independent) row.independent_half_width = independent_half_width(base_values, pick(*independent, vs));
      out.years.push_back(row);
    }
  }
  return out;
}

}  // namespace jcsim::run
