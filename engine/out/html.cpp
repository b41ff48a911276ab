#include "engine/out/html.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/out/html_parts.h"
#include "engine/out/summary_csv.h"
#include "engine/out/tables.h"
#include "engine/util/format.h"

namespace jcsim::out {

std::string html_escape(std::string_view text) { return html::escape(text); }

namespace {

using html::chart;
using html::constant;
using html::Line;
using html::table;

// Month-by-month values of the run's series.
class MonthValues {
 public:
  explicit MonthValues(const results::Run& run)
      : cells_(run), horizon_(std::max(run.provenance().horizon_months(), 1)) {}
  // The `what` (mean, p05, p50, p95) of every month; zeros for a series the run does not have.
  std::vector<double> get(const std::string& metric, const std::string& segment, const char* what) const {
    std::vector<double> out(static_cast<size_t>(horizon_), 0.0);
    const std::string w = what;
    for (int t = 0; t < horizon_; ++t)
      if (const auto* c = cells_.at(metric, segment, t))
        out[static_cast<size_t>(t)] = w == "mean" ? c->mean() : w == "p05" ? c->p05() : w == "p50" ? c->p50() : c->p95();
    return out;
  }

 private:
  CellIndex cells_;
  int horizon_;
};

}  // namespace

std::string report_html(const results::Run& run, const model::Scenario& s) {
  const MonthValues ix(run);
  const auto& p = run.provenance();
  std::vector<std::string> months;
  for (int t = 0; t < s.horizon; ++t) months.push_back(s.month_at(t).str());
  const size_t n = months.size();
  const auto fan = [&](const std::string& metric, const std::string& segment, const std::string& label, int color) {
    Line l{label, ix.get(metric, segment, "p50"), ix.get(metric, segment, "p05"), ix.get(metric, segment, "p95"), false,
           color};
    return l;
  };
  const auto mean = [&](const std::string& metric, const std::string& segment, const std::string& label, int color) {
    return Line{label, ix.get(metric, segment, "mean"), {}, {}, false, color};
  };
  std::string body;
  body += fmt::format("<h1>{}</h1><p class=\"meta\">{} · Szenario <code>{}</code> (Prüfsumme {}) · seed {} · {} "
                      "Replikationen · gerechnet {} UTC mit jcsim {}</p>",
                      html_escape(s.name), html_escape(s.jobcenter), html_escape(p.scenario_file()),
                      html_escape(p.scenario_hash()), p.seed(), p.replications(), html_escape(p.started_at()),
                      html_escape(p.jcsim_version()));
  if (!s.description.empty()) body += "<p>" + html_escape(s.description) + "</p>";
  body += "<p class=\"meta\">Linien: Median über die Replikationen; Flächen: 5 %- bis 95 %-Perzentil.</p>";

  body += "<h2>Bestände</h2>";
  body += chart("ELB-Bestand", months, {fan("elb_stock", "all", "ELB", 0)});
  body += chart("LZB-Bestand", months, {fan("lzb_stock", "all", "LZB", 1)});

  body += "<h2>Integrationen</h2>";
  body += chart("Integrationen je Monat", months, {fan("integrations", "all", "Integrationen", 2)});
  std::vector<Line> cumulative{fan("integrations_cumulative", "all", "seit Januar", 2)};
  for (const auto& target : s.targets)
    if (target.metric == "integrations")
      cumulative.push_back(Line{fmt::format("Ziel {}: {}", target.year, group_thousands(target.value, 0)),
                                constant(n, target.value), {}, {}, true, 4});
  body += chart("Integrationen kumuliert gegen das Jahresziel", months, cumulative);
  body += chart("Integrationsquote K2 (12 Monate)", months, {fan("integration_rate_12m", "all", "K2", 2)}, "%");

  body += "<h2>Budget</h2>";
  int color = 0;
  for (const auto& title : s.budget_titles) {
    if (!title.limited()) continue;
    const std::string seg = "title/" + title.id;
    body += chart("Ausgaben seit Januar: " + title.name, months,
                  {fan("spend_year_to_date", seg, "Ausgaben", color % 8),
                   Line{"verfügbar", ix.get("budget_available", seg, "mean"), {}, {}, true, (color + 1) % 8}},
                  "€");
    color += 2;
  }

  body += "<h2>Instrumente</h2>";
  std::vector<std::vector<std::string>> rows;
  for (const auto& x : s.instruments) {
    if (x.is_flat_rate() || x.is_supplement()) continue;
    const std::string seg = "instrument/" + x.id;
    const auto participants = ix.get("participants", seg, "mean"), waiting = ix.get("waiting", seg, "mean"),
               entries = ix.get("entries", seg, "mean"), spend = ix.get("spend", seg, "mean");
    double avg_p = 0, avg_w = 0, sum_e = 0, sum_s = 0;
    for (size_t t = 0; t < n; ++t) avg_p += participants[t] / static_cast<double>(n), avg_w += waiting[t] / static_cast<double>(n),
                                   sum_e += entries[t], sum_s += spend[t];
    rows.push_back({x.id + " — " + x.name, group_thousands(x.capacity, 0), group_thousands(avg_p, 1),
                    group_thousands(avg_w, 1), group_thousands(sum_e, 0), group_thousands(sum_s, 0)});
  }
  // The busiest instruments as charts: occupancy and waiting list.
  std::vector<std::pair<double, const model::Instrument*>> busy;
  for (const auto& x : s.instruments) {
    if (x.is_flat_rate() || x.is_supplement()) continue;
    const auto w = ix.get("waiting", "instrument/" + x.id, "mean");
    double sum = 0;
    for (const double v : w) sum += v;
    busy.push_back({sum, &x});
  }
  std::stable_sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; k < std::min<size_t>(4, busy.size()); ++k) {
    const auto& x = *busy[k].second;
    const std::string seg = "instrument/" + x.id;
    std::vector<Line> lines{fan("participants", seg, "Teilnehmende", 0), fan("waiting", seg, "Wartende", 1)};
    if (x.capacity_unit == model::CapacityUnit::kPlaces)
      lines.push_back(Line{"Plätze", constant(n, x.capacity), {}, {}, true, 7});
    body += chart("Belegung und Warteliste: " + x.name, months, lines);
  }
  body += table({"Instrument", "Kapazität", "Teilnehmende Ø", "Wartende Ø", "Eintritte", "Ausgaben €"}, rows);

  body += "<h2>Personal und Betreuungsschlüssel</h2>";
  std::vector<Line> load;
  color = 0;
  for (const auto& team : s.teams) {
    if (team.role != model::TeamRole::kIntegration) continue;
    load.push_back(mean("caseload_per_fte", "team/" + team.id, team.name, color));
    if (team.guide_value > 0)
      load.push_back(Line{"Richtwert " + group_thousands(team.guide_value, 0), constant(n, team.guide_value), {}, {}, true, color});
    ++color;
  }
  if (!load.empty()) body += chart("Betreuungsschlüssel (ELB je VZÄ) gegen die Richtwerte nach §44c SGB II", months, load);
  std::vector<Line> fte;
  color = 0;
  for (const auto& team : s.teams) fte.push_back(mean("staff_fte", "team/" + team.id, team.id, color++));
  body += chart("Personal (VZÄ) je Team", months, fte);

  body += "<h2>§16i Teilhabe am Arbeitsmarkt</h2>";
  body += chart("§16i: Bestand", months, {fan("p16i_stock", "all", "Bestand", 3)});
  body += chart("§16i: Austritte", months,
                {mean("p16i_exits_max_duration", "all", "nach Höchstdauer", 1), mean("p16i_exits_to_job", "all", "in Arbeit", 2)});

  std::vector<std::vector<std::string>> monthly;
  for (size_t t = 0; t < n; ++t)
    monthly.push_back({months[t], group_thousands(ix.get("elb_stock", "all", "mean")[t], 0),
                       group_thousands(ix.get("lzb_stock", "all", "mean")[t], 0),
                       group_thousands(ix.get("integrations", "all", "mean")[t], 1),
                       group_thousands(ix.get("integrations_cumulative", "all", "mean")[t], 0),
                       group_thousands(100 * ix.get("integration_rate_12m", "all", "mean")[t], 1),
                       group_thousands(ix.get("spend", "all", "mean")[t], 0)});
  body += "<h2>Monatswerte</h2>";
  body += table({"Monat", "ELB", "LZB", "Integrationen", "seit Januar", "K2 %", "Ausgaben €"}, monthly);

  return html::page(s.name, body);
}

void write_html(const std::string& path, const results::Run& run, const model::Scenario& s) {
  write_file_atomically(path, report_html(run, s));
}

}  // namespace jcsim::out
