#include "engine/out/results.h"

#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

namespace jcsim::out {

std::string text_hash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

results::Run make_run(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary,
                      const RunInfo& info) {
  results::Run run;
  auto* p = run.mutable_provenance();
  p->set_jcsim_version(JCSIM_VERSION);
  p->set_scenario_name(s.name);
  p->set_scenario_file(info.scenario_file);
  p->set_scenario_hash(text_hash(info.scenario_text));
  p->set_seed(info.seed);
  p->set_replications(info.replications);
  p->set_threads(info.threads);
  p->set_started_at(info.started_at);
  p->set_seconds(info.seconds);
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) p->set_host(host);
  p->set_start_month(s.start.str());
  p->set_horizon_months(s.horizon);
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

}  // namespace jcsim::out
