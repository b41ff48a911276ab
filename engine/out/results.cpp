#include "engine/out/results.h"

#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

namespace jcsim::out {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

void fill_provenance(results::Provenance* p, const model::Scenario& s, const RunInfo& info) {
  p->set_jcsim_version(JCSIM_VERSION);
  p->set_scenario_name(s.name);
  p->set_scenario_file(info.scenario_file);
  p->set_scenario_hash(text_hash(info.scenario_text));
  p->set_seed(info.seed);
  p->set_replications(info.replications);
  p->set_threads(info.threads);
  p->set_ranks(info.ranks);
  p->set_started_at(info.started_at);
  p->set_seconds(info.seconds);
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) p->set_host(host);
  p->set_start_month(s.start.str());
  p->set_horizon_months(s.horizon);
}

}  // namespace

results::Run make_run(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary,
                      const RunInfo& info) {
  results::Run run;
  fill_provenance(run.mutable_provenance(), s, info);
  run.set_scenario_text(info.scenario_text);
  run.mutable_cell()->Reserve(static_cast<int>(layout.series_count()) * s.horizon);
  for (size_t series = 0; series < layout.series_count(); ++series)
    for (int t = 0; t < s.horizon; ++t) {
      const auto& m = summary.at(series, t);
      auto* c = run.add_cell();
      c->set_metric(layout.name(series).metric);
      c->set_segment(layout.name(series).segment);
      c->set_month(s.month_at(t).str());
      c->set_mean(m.mean);
      c->set_sd(m.sd);
      c->set_p05(m.p05);
      c->set_p50(m.p50);
      c->set_p95(m.p95);
    }
  return run;
}

results::Comparison make_comparison(const model::Scenario& base, const model::Scenario& variant,
                                    const run::CompareResult& result, const RunInfo& info,
                                    const std::string& variant_file, const std::string& variant_text,
                                    const std::vector<std::string>& assignments) {
  results::Comparison c;
  fill_provenance(c.mutable_provenance(), base, info);
  c.set_base_text(info.scenario_text);
  c.set_variant_name(variant.name);
  c.set_variant_file(variant_file);
  c.set_variant_hash(text_hash(variant_text));
  c.set_variant_text(variant_text);
  for (const auto& a : assignments) c.add_assignment(a);
  c.mutable_difference()->Reserve(static_cast<int>(result.names.size()) * base.horizon);
  for (size_t k = 0; k < result.names.size(); ++k)
    for (int t = 0; t < base.horizon; ++t) {
      const auto& d = result.monthly[k][static_cast<size_t>(t)];
      auto* x = c.add_difference();
      x->set_metric(result.names[k].metric);
      x->set_segment(result.names[k].segment);
      x->set_month(base.month_at(t).str());
      x->set_base(d.base);
      x->set_variant(d.variant);
      x->set_mean(d.mean);
      x->set_sd(d.sd);
      x->set_low(d.low);
      x->set_high(d.high);
    }
  for (const auto& row : result.years) {
    auto* y = c.add_year();
    y->set_label(row.label);
    y->set_base(row.paired.base);
    y->set_variant(row.paired.variant);
    y->set_mean(row.paired.mean);
    y->set_sd(row.paired.sd);
    y->set_low(row.paired.low);
    y->set_high(row.paired.high);
    y->set_independent_half_width(row.independent_half_width);
  }
  return c;
}

}  // namespace jcsim::out
