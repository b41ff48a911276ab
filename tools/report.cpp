#include "tools/report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/util/format.h"

namespace jcsim::tools {

namespace {

std::string num(double v, int decimals = 0) { return group_thousands(v, decimals); }

std::string band(const stats::Moments& m, int decimals = 0) {
  return fmt::format("{:>12}  [{} – {}]", num(m.mean, decimals), num(m.p05, decimals), num(m.p95, decimals));
}

}  // namespace

std::string year_table(const model::Scenario& s, const run::RunResult& r, const run::RunOptions& options) {
  const auto& L = *r.layout;
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "{} — {} replications, seed {}, {:.2f} s ({:.1f} M agent-months/s; up to {} agents, {} bytes each)\n"
                 "Values: mean [5th – 95th percentile over replications]\n",
                 s.name, options.replications, options.seed, r.seconds,
                 r.seconds > 0 ? static_cast<double>(r.agent_months) / r.seconds / 1e6 : 0.0, num(static_cast<double>(r.max_agents)),
                 r.bytes_per_agent);
  const int first = s.start.year(), last = s.month_at(s.horizon - 1).year();
  for (int year = first; year <= last; ++year) {
    const auto sum = [&](size_t series) { return stats::moments_of(run::year_sum(r, s, series, year)); };
    const auto end = [&](size_t series) { return stats::moments_of(run::year_end(r, s, series, year)); };
    fmt::format_to(std::back_inserter(out), "\n{}\n", year);
    fmt::format_to(std::back_inserter(out), "  {:<40}{}", "Integrationen", band(sum(L.person(stats::kIntegrations, stats::kAll))));
    for (const auto& target : s.targets)
      if (target.metric == "integrations" && target.year == year)
        fmt::format_to(std::back_inserter(out), "   Ziel {}", num(target.value));
    out += "\n";
    {
      // The forecast with its 95 % interval: where 95 % of the simulated years fall, and how well the mean is known.
      auto v = run::year_sum(r, s, L.person(stats::kIntegrations, stats::kAll), year);
      const auto m = stats::moments_of(v);
      std::sort(v.begin(), v.end());
      fmt::format_to(std::back_inserter(out), "    {:<38}{:>12}  [{} – {}]   Mittelwert ± {}\n", "95 %-Prognoseintervall", "",
                     num(stats::sorted_quantile(v, 0.025)), num(stats::sorted_quantile(v, 0.975)),
                     num(v.size() > 1 ? 1.96 * m.sd / std::sqrt(static_cast<double>(v.size())) : 0, 1));
    }
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "Integrationsquote K2 (%)",
                   band([&] {
                     auto m = end(L.person(stats::kIntegrationRate12m, stats::kAll));
                     m.mean *= 100, m.p05 *= 100, m.p95 *= 100;
                     return m;
                   }(), 1));
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "ELB am Jahresende", band(end(L.person(stats::kElbStock, stats::kAll))));
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "LZB am Jahresende", band(end(L.person(stats::kLzbStock, stats::kAll))));
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "§16i Bestand am Jahresende", band(end(L.global(stats::kP16iStock))));
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "§16i Austritte Höchstdauer", band(sum(L.global(stats::kP16iExitsMaxDuration))));
    fmt::format_to(std::back_inserter(out), "  {:<40}{}\n", "§16i Übergänge in Arbeit", band(sum(L.global(stats::kP16iExitsToJob))));
    out += "  Ausgaben je Titel (€)                      Ist                               verfügbar\n";
    for (size_t k = 0; k < s.budget_titles.size(); ++k) {
      if (!s.budget_titles[k].limited()) continue;
      const auto spend = sum(L.title(stats::kTitleSpend, static_cast<int>(k)));
      const auto* by = s.budget_titles[k].year(year);
      fmt::format_to(std::back_inserter(out), "    {:<38}{}   {:>12}\n", s.budget_titles[k].id, band(spend),
                     by ? num(by->available()) : "–");
    }
    out += "  Betreuungsschlüssel am Jahresende (je VZÄ)                                   Richtwert\n";
    for (size_t k = 0; k < s.teams.size(); ++k) {
      const auto load = end(L.team(stats::kTeamCaseload, static_cast<int>(k)));
      const auto& team = s.teams[k];
      fmt::format_to(std::back_inserter(out), "    {:<38}{}   {:>12}\n", team.id + (team.caseload_basis == model::CaseloadBasis::kPerBg ? " (BG)" : ""),
                     band(load, 1), team.guide_value > 0 ? num(team.guide_value) : "–");
    }
  }
  return out;
}

std::string compare_table(const model::Scenario& base, const model::Scenario& variant, const run::CompareResult& r,
                          const run::CompareOptions& options) {
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "{} → {} — {} paired replications on common random numbers, seed {}, {:.2f} s\n"
                 "Differences variant − base: mean [95 % interval]; * = significant\n\n",
                 base.name, variant.name, options.run.replications, options.run.seed, r.seconds);
  fmt::format_to(std::back_inserter(out), "  {:<32}{:>14}{:>14}{:>14}  {:<28}{}\n", "", "base", "variant", "difference",
                 "95 % interval", options.independent_run ? "narrower than independent" : "");
  for (const auto& row : r.years) {
    const auto& d = row.paired;
    const int decimals = std::abs(d.mean) < 10 && std::abs(d.base) < 1000 ? 1 : 0;
    fmt::format_to(std::back_inserter(out), "  {:<32}{:>14}{:>14}{:>14}  {:<28}", row.label, num(d.base, decimals),
                   num(d.variant, decimals), num(d.mean, decimals) + (d.significant() ? " *" : "  "),
                   fmt::format("[{} – {}]", num(d.low, decimals), num(d.high, decimals)));
    if (options.independent_run && row.width_ratio() > 0)
      fmt::format_to(std::back_inserter(out), "× {:.1f}", row.width_ratio());
    out += "\n";
  }
  return out;
}

}  // namespace jcsim::tools
