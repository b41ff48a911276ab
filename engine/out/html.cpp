#include "engine/out/html.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/out/summary_csv.h"
#include "engine/out/tables.h"
#include "engine/util/format.h"

namespace jcsim::out {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  return out;
}

namespace {

// Month-by-month values of the run's series.
class Index {
 public:
  explicit Index(const results::Run& run) : cells_(run), horizon_(std::max(run.provenance().horizon_months(), 1)) {}
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

const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

struct Line {
  std::string label;
  std::vector<double> values;
  std::vector<double> lo, hi;  // a band when both are given
  bool dashed = false;
  int color = 0;
};

// Round numbers for an axis from 0 (or below) to at least `top`.
std::vector<double> ticks(double lo, double hi) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> out;
  for (double v = std::floor(lo / step) * step;; v += step) {
    out.push_back(v);
    if (v >= hi - 1e-9 * step) break;  // the top tick is at or above every value: nothing is drawn above the plot
  }
  return out;
}

std::string tick_label(double v, const std::string& unit) {
  if (unit == "%") return group_thousands(v * 100, 0) + " %";
  if (std::fabs(v) >= 1e6) return group_thousands(v / 1e6, 1) + " Mio";
  return group_thousands(v, std::fabs(v) < 10 && v != std::floor(v) ? 1 : 0);
}

// A line chart over the months, with optional bands; all text escaped.
std::string chart(const std::string& title, const std::vector<std::string>& months, const std::vector<Line>& lines,
                  const std::string& unit = "") {
  constexpr double W = 760, H = 300, L = 78, R = 34, T = 34, B = 44;
  double lo = 0, hi = 0;
  for (const auto& l : lines) {
    for (const double v : l.values) lo = std::min(lo, v), hi = std::max(hi, v);
    for (const double v : l.hi) hi = std::max(hi, v);
    for (const double v : l.lo) lo = std::min(lo, v);
  }
  const auto yt = ticks(lo, hi);
  lo = yt.front();
  hi = yt.back();
  const size_t n = months.size();
  const auto x = [&](size_t t) { return L + (n > 1 ? (W - L - R) * static_cast<double>(t) / static_cast<double>(n - 1) : 0); };
  const auto y = [&](double v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); };
  std::string svg = fmt::format(
      "<figure><svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">"
      "<text x=\"{}\" y=\"20\" class=\"title\">{}</text>",
      W, H, html_escape(title), L, html_escape(title));
  for (const double v : yt)
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" class=\"ytick\">{}</text>",
                       L, W - R, y(v), y(v), L - 6, y(v) + 4, html_escape(tick_label(v, unit)));
  const size_t every = std::max<size_t>(1, n / 12);
  for (size_t t = 0; t < n; t += every)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"xtick\">{}</text>", x(t), H - B + 18, html_escape(months[t]));
  for (const auto& l : lines) {
    const char* color = kColors[static_cast<size_t>(l.color) % std::size(kColors)];
    if (!l.lo.empty() && !l.hi.empty()) {
      std::string band;
      for (size_t t = 0; t < n; ++t) band += fmt::format("{:.1f},{:.1f} ", x(t), y(l.hi[t]));
      for (size_t t = n; t-- > 0;) band += fmt::format("{:.1f},{:.1f} ", x(t), y(l.lo[t]));
      svg += fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>", band, color);
    }
    std::string points;
    for (size_t t = 0; t < n; ++t) points += fmt::format("{:.1f},{:.1f} ", x(t), y(l.values[t]));
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>", points, color,
                       l.dashed ? " stroke-dasharray=\"6 4\"" : "");
  }
  // Legend.
  double lx = L;
  for (const auto& l : lines) {
    const char* color = kColors[static_cast<size_t>(l.color) % std::size(kColors)];
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"{}/>"
                       "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
                       lx, lx + 18, H - 10, H - 10, color, l.dashed ? " stroke-dasharray=\"6 4\"" : "", lx + 22, H - 6,
                       html_escape(l.label));
    lx += 30 + 7.0 * static_cast<double>(l.label.size());
  }
  return svg + "</svg></figure>\n";
}

std::vector<double> constant(size_t n, double v) { return std::vector<double>(n, v); }

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr>";
    for (size_t k = 0; k < r.size(); ++k) out += (k == 0 ? "<td>" : "<td class=\"num\">") + html_escape(r[k]) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9rem}.chart{width:100%;height:auto;background:#fff}
.title{font-size:14px;font-weight:600}.ytick{font-size:11px;text-anchor:end;fill:#555}
.xtick{font-size:11px;text-anchor:middle;fill:#555}.legend{font-size:11px;fill:#333}.grid{stroke:#eee}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem}th,td{padding:.2rem .6rem;border-bottom:1px solid #eee}
th{text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0}
)";

}  // namespace

std::string report_html(const results::Run& run, const model::Scenario& s) {
  const Index ix(run);
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

  return fmt::format("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>jcsim — {}</title><style>{}</style></head><body>\n{}</body></html>\n",
                     html_escape(s.name), kStyle, body);
}

void write_html(const std::string& path, const results::Run& run, const model::Scenario& s) {
  write_file_atomically(path, report_html(run, s));
}

}  // namespace jcsim::out
