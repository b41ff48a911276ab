#include "engine/out/xlsx.h"

#include "engine/out/tables.h"

#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <xlsxwriter.h>

namespace jcsim::out {

namespace {

struct Formats {
  lxw_format *header, *count, *decimal, *euro, *percent, *title;
};

class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, const Formats& f) : ws_(workbook_add_worksheet(wb, name)), f_(f) {}
  void header(const std::vector<std::string>& names, const std::vector<double>& widths) {
    for (size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(ws_, 0, static_cast<lxw_col_t>(c), names[c].c_str(), f_.header);
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    }
    worksheet_freeze_panes(ws_, 1, 0);
  }
  void text(int row, int col, const std::string& s, lxw_format* format = nullptr) {
    worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), format);
  }
  void number(int row, int col, double v, lxw_format* format) {
    worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, format);
  }
  lxw_worksheet* raw() { return ws_; }

 private:
  lxw_worksheet* ws_;
  const Formats& f_;
};

const char* unit_name(model::CapacityUnit u) {
  switch (u) {
    case model::CapacityUnit::kPlaces: return "Plätze (P)";
    case model::CapacityUnit::kCasesPerYear: return "Förderfälle/Jahr (F)";
    case model::CapacityUnit::kEntriesPerYear: return "Eintritte/Jahr (E)";
    case model::CapacityUnit::kOpen: return "offen";
    case model::CapacityUnit::kFlatRate: return "pauschal";
    case model::CapacityUnit::kCatalogue: return "Maßnahmekatalog";
  }
  return "";
}

void overview(Sheet& sh, const results::Run& run, const model::Scenario& s, const CellIndex& ix,
              const Formats& f) {
  const auto& p = run.provenance();
  worksheet_set_column(sh.raw(), 0, 0, 34, nullptr);
  worksheet_set_column(sh.raw(), 1, 4, 18, nullptr);
  sh.text(0, 0, "jcsim — " + s.name, f.title);
  const std::pair<const char*, std::string> rows[] = {
      {"Szenario", s.name},           {"Jobcenter", s.jobcenter},
      {"Datei", p.scenario_file()},   {"Prüfsumme (FNV-1a)", p.scenario_hash()},
      {"Seed", std::to_string(p.seed())}, {"Replikationen", std::to_string(p.replications())},
      {"Beginn der Rechnung (UTC)", p.started_at()}, {"jcsim", p.jcsim_version()},
  };
  int r = 2;
  for (const auto& [label, value] : rows) {
    sh.text(r, 0, label, f.header);
    sh.text(r++, 1, value);
  }
  r += 1;
  sh.text(r, 0, "Kennzahl", f.header);
  sh.text(r, 1, "Jahr", f.header);
  sh.text(r, 2, "Mittelwert", f.header);
  sh.text(r, 3, "5 %-Perzentil", f.header);
  sh.text(r++, 4, "95 %-Perzentil", f.header);
  for (int year = s.start.year(); year <= s.month_at(s.horizon - 1).year(); ++year) {
    const int last = s.last_t_of_year(year);
    const std::tuple<const char*, const char*, const char*, lxw_format*> figures[] = {
        {"Integrationen (Jahr)", "integrations_cumulative", "all", f.count},
        {"Integrationsquote K2", "integration_rate_12m", "all", f.percent},
        {"ELB am Jahresende", "elb_stock", "all", f.count},
        {"LZB am Jahresende", "lzb_stock", "all", f.count},
        {"Ausgaben (Jahr, eigene Titel)", "spend", "all", f.euro},
    };
    for (const auto& [label, metric, segment, format] : figures) {
      sh.text(r, 0, label);
      sh.number(r, 1, year, nullptr);
      if (std::string(metric) == "spend") {  // a monthly series: the year is the sum of its means
        double sum = 0;
        for (int t = 0; t < s.horizon; ++t)
          if (s.month_at(t).year() == year) sum += ix.mean(metric, segment, t);
        sh.number(r++, 2, sum, format);
        continue;
      }
      const auto* c = ix.at(metric, segment, last);
      if (!c) continue;
      sh.number(r, 2, c->mean(), format);
      sh.number(r, 3, c->p05(), format);
      sh.number(r++, 4, c->p95(), format);
    }
  }
}

void monthly(Sheet& sh, const model::Scenario& s, const CellIndex& ix, const Formats& f) {
  const std::tuple<const char*, const char*, lxw_format*> columns[] = {
      {"elb_stock", "ELB", f.count},
      {"lzb_stock", "LZB", f.count},
      {"inflow", "Zugänge", f.count},
      {"outflow", "Abgänge", f.count},
      {"integrations", "Integrationen", f.count},
      {"integrations_cumulative", "Integrationen seit Januar", f.count},
      {"integration_rate_12m", "K2 Integrationsquote", f.percent},
      {"lzb_integration_rate_12m", "K3E1", f.percent},
      {"lzb_activation_rate", "K3E2 Aktivierungsquote LZB", f.percent},
      {"participants", "Teilnehmende", f.count},
  };
  std::vector<std::string> names{"Monat"};
  std::vector<double> widths{10};
  for (const auto& c : columns) names.push_back(std::get<1>(c)), widths.push_back(16);
  sh.header(names, widths);
  for (int t = 0; t < s.horizon; ++t) {
    sh.text(t + 1, 0, s.month_at(t).str());
    for (size_t k = 0; k < std::size(columns); ++k)
      sh.number(t + 1, static_cast<int>(k) + 1, ix.mean(std::get<0>(columns[k]), "all", t), std::get<2>(columns[k]));
  }
}

void instruments(Sheet& sh, const std::vector<InstrumentYear>& rows, const Formats& f) {
  sh.header({"Instrument", "Name", "Rechtsgrundlage", "Einheit", "Kapazität", "Jahr", "Eintritte", "Teilnehmende Ø",
             "Wartende am Jahresende", "Ausgaben", "Plan", "Plan ausgeschöpft"},
            {22, 44, 18, 18, 10, 7, 10, 14, 14, 14, 14, 12});
  int r = 1;
  for (const auto& row : rows) {
    const auto& x = *row.instrument;
    sh.text(r, 0, x.id);
    sh.text(r, 1, x.name);
    sh.text(r, 2, x.legal_basis);
    sh.text(r, 3, unit_name(x.capacity_unit));
    sh.number(r, 4, x.capacity, f.count);
    sh.number(r, 5, row.year, nullptr);
    sh.number(r, 6, row.entries, f.count);
    sh.number(r, 7, row.participants_avg, f.decimal);
    sh.number(r, 8, row.waiting_end, f.count);
    sh.number(r, 9, row.spend, f.euro);
    if (row.planned) {
      sh.number(r, 10, *row.planned, f.euro);
      sh.number(r, 11, row.spend / *row.planned, f.percent);
    }
    ++r;
  }
}

void budget(Sheet& sh, const std::vector<TitleYear>& rows, const Formats& f) {
  sh.header({"Titel", "Name", "Jahr", "verfügbar", "Ausgaben", "Ausgaben 5 %", "Ausgaben 95 %", "ausgeschöpft",
             "Verpflichtungen Folgejahr"},
            {16, 40, 7, 16, 16, 16, 16, 12, 20});
  int r = 1;
  for (const auto& row : rows) {
    sh.text(r, 0, row.title->id);
    sh.text(r, 1, row.title->name);
    sh.number(r, 2, row.year, nullptr);
    if (row.available) sh.number(r, 3, *row.available, f.euro);
    sh.number(r, 4, row.spend, f.euro);
    sh.number(r, 5, row.spend_p05, f.euro);
    sh.number(r, 6, row.spend_p95, f.euro);
    if (row.available && *row.available > 0) sh.number(r, 7, row.spend / *row.available, f.percent);
    sh.number(r, 8, row.commitments_next_year, f.euro);
    ++r;
  }
}

void staff(Sheet& sh, const model::Scenario& s, const CellIndex& ix, const Formats& f) {
  sh.header({"Team", "Name", "Monat", "VZÄ", "Betreuungsschlüssel", "Bezug", "Richtwert"}, {16, 40, 10, 10, 18, 8, 10});
  int r = 1;
  for (const auto& team : s.teams)
    for (int t = 0; t < s.horizon; ++t) {
      const std::string seg = "team/" + team.id;
      sh.text(r, 0, team.id);
      sh.text(r, 1, team.name);
      sh.text(r, 2, s.month_at(t).str());
      sh.number(r, 3, ix.mean("staff_fte", seg, t), f.decimal);
      sh.number(r, 4, ix.mean("caseload_per_fte", seg, t), f.decimal);
      sh.text(r, 5, team.caseload_basis == model::CaseloadBasis::kPerBg ? "BG" : "ELB");
      if (team.guide_value > 0) sh.number(r, 6, team.guide_value, f.count);
      ++r;
    }
}

void p16i(Sheet& sh, const model::Scenario& s, const CellIndex& ix, const Formats& f) {
  sh.header({"Monat", "Bestand", "Bestand 5 %", "Bestand 95 %", "Austritte Höchstdauer", "Übergänge in Arbeit"},
            {10, 12, 12, 12, 20, 20});
  for (int t = 0; t < s.horizon; ++t) {
    sh.text(t + 1, 0, s.month_at(t).str());
    if (const auto* c = ix.at("p16i_stock", "all", t)) {
      sh.number(t + 1, 1, c->mean(), f.decimal);
      sh.number(t + 1, 2, c->p05(), f.count);
      sh.number(t + 1, 3, c->p95(), f.count);
    }
    sh.number(t + 1, 4, ix.mean("p16i_exits_max_duration", "all", t), f.decimal);
    sh.number(t + 1, 5, ix.mean("p16i_exits_to_job", "all", t), f.decimal);
  }
}

}  // namespace

void write_xlsx(const std::string& path, const results::Run& run, const model::Scenario& s) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (wb == nullptr) throw std::runtime_error("cannot create " + tmp);
  Formats f{};
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.decimal = workbook_add_format(wb);
  format_set_num_format(f.decimal, "#,##0.0");
  f.euro = workbook_add_format(wb);
  format_set_num_format(f.euro, "#,##0 \"€\"");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  const CellIndex ix(run);
  Sheet sheet_overview(wb, "Overview", f), sheet_monthly(wb, "Monatswerte", f), sheet_instruments(wb, "Instrumente", f),
      sheet_budget(wb, "Budget", f), sheet_staff(wb, "Personal", f), sheet_p16i(wb, "§16i", f);
  overview(sheet_overview, run, s, ix, f);
  monthly(sheet_monthly, s, ix, f);
  instruments(sheet_instruments, instrument_years(run, s), f);
  budget(sheet_budget, title_years(run, s), f);
  staff(sheet_staff, s, ix, f);
  p16i(sheet_p16i, s, ix, f);
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

}  // namespace jcsim::out
