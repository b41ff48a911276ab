#include "engine/out/compare_html.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/out/html_parts.h"
#include "engine/out/summary_csv.h"
#include "engine/stats/sample.h"
#include "engine/util/format.h"

namespace jcsim::out {

namespace {

std::string number(double v) {
  const int decimals = std::fabs(v) < 10 && v != std::floor(v) ? 1 : 0;
  return group_thousands(v, decimals);
}

}  // namespace

std::string comparison_html(const results::Comparison& c) {
  // The differences of every series, month by month (stored in series order, months ascending).
  std::map<std::pair<std::string, std::string>, std::vector<const results::Difference*>> series;
  std::vector<std::string> months;
  for (const auto& d : c.difference()) {
    series[{d.metric(), d.segment()}].push_back(&d);
  }
  if (!series.empty())
    for (const auto* d : series.begin()->second) months.push_back(d->month());
  const auto line = [&](const std::string& metric, const std::string& segment, const std::string& label, int color) {
    html::Line l{label, {}, {}, {}, false, color};
    const auto it = series.find({metric, segment});
    if (it == series.end()) return l;
    for (const auto* d : it->second) {
      l.values.push_back(d->mean());
      l.lo.push_back(d->low());
      l.hi.push_back(d->high());
    }
    return l;
  };
  const auto& p = c.provenance();
  std::string body = fmt::format(
      "<h1>Vergleich: {} → {}</h1><p class=\"meta\">Basis <code>{}</code> (Prüfsumme {}) · Variante <code>{}</code> "
      "(Prüfsumme {}) · seed {} · {} gepaarte Replikationen mit gemeinsamen Zufallszahlen · gerechnet {} UTC mit "
      "jcsim {}</p>",
      html::escape(p.scenario_name()), html::escape(c.variant_name()), html::escape(p.scenario_file()),
      html::escape(p.scenario_hash()), html::escape(c.variant_file()), html::escape(c.variant_hash()), p.seed(),
      p.replications(), html::escape(p.started_at()), html::escape(p.jcsim_version()));
  if (c.assignment_size() > 0) {
    body += "<p>Änderungen der Variante:</p><ul>";
    for (const auto& a : c.assignment()) body += "<li><code>" + html::escape(a) + "</code></li>";
    body += "</ul>";
  }
  body += "<p class=\"meta\">Differenz = Variante − Basis, Mittel über die Replikationen; Flächen und Intervalle: "
          "95 %-Konfidenzintervall der mittleren gepaarten Differenz. * = signifikant (das Intervall schließt 0 "
          "aus).</p>";

  body += "<h2>Kennzahlen je Jahr</h2>";
  std::vector<std::vector<std::string>> rows;
  bool measured_independent = false;
  for (const auto& y : c.year()) measured_independent = measured_independent || y.independent_half_width() > 0;
  for (const auto& y : c.year()) {
    std::vector<std::string> row{y.label(), number(y.base()), number(y.variant()),
                                 number(y.mean()) + (stats::excludes_zero(y.low(), y.high()) ? " *" : ""),
                                 number(y.low()) + " – " + number(y.high())};
    if (measured_independent) {
      const double half = (y.high() - y.low()) / 2;
      row.push_back(half > 0 && y.independent_half_width() > 0 ? fmt::format("× {:.1f}", y.independent_half_width() / half)
                                                              : "–");
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> header{"Kennzahl", "Basis", "Variante", "Differenz", "95 %-Intervall"};
  if (measured_independent) header.push_back("enger als mit unabhängigen Zufallszahlen");
  body += html::table(header, rows);

  body += "<h2>Differenzen im Zeitverlauf</h2>";
  body += html::chart("Integrationen je Monat: Differenz", months, {line("integrations", "all", "Integrationen", 2)});
  body += html::chart("Integrationen seit Januar: Differenz", months,
                      {line("integrations_cumulative", "all", "Integrationen kumuliert", 2)});
  body += html::chart("ELB- und LZB-Bestand: Differenz", months,
                      {line("elb_stock", "all", "ELB", 0), line("lzb_stock", "all", "LZB", 1)});
  body += html::chart("Ausgaben je Monat: Differenz", months, {line("spend", "all", "Ausgaben", 4)}, "€");
  body += html::chart("§16i-Bestand: Differenz", months, {line("p16i_stock", "all", "§16i", 3)});

  // The instruments whose occupancy the change moved, largest change first.
  std::vector<std::pair<double, std::string>> moved;
  for (const auto& [key, row] : series) {
    if (key.first != "participants" || key.second.rfind("instrument/", 0) != 0) continue;
    double largest = 0;
    bool any = false;
    for (const auto* d : row) {
      largest = std::max(largest, std::fabs(d->mean()));
      any = any || stats::excludes_zero(d->low(), d->high());
    }
    if (any) moved.push_back({largest, key.second});
  }
  std::stable_sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (!moved.empty()) body += "<h2>Instrumente mit veränderter Belegung</h2>";
  for (size_t k = 0; k < std::min<size_t>(6, moved.size()); ++k) {
    const std::string& seg = moved[k].second;
    body += html::chart("Teilnehmende und Wartende: " + seg.substr(11), months,
                        {line("participants", seg, "Teilnehmende", 0), line("waiting", seg, "Wartende", 1)});
  }
  return html::page("Vergleich " + p.scenario_name() + " → " + c.variant_name(), body);
}

void write_comparison_html(const std::string& path, const results::Comparison& c) {
  write_file_atomically(path, comparison_html(c));
}

}  // namespace jcsim::out
