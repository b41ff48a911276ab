#include "engine/out/tables.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace jcsim::out {

CellIndex::CellIndex(const results::Run& run) : run_(run) {
  const int horizon = std::max(run.provenance().horizon_months(), 1);
  for (int k = 0; k < run.cell_size(); k += horizon) first_.push_back({{run.cell(k).metric(), run.cell(k).segment()}, k});
  std::sort(first_.begin(), first_.end());
}

const results::Cell* CellIndex::at(const std::string& metric, const std::string& segment, int t) const {
  const std::pair<std::string, std::string> key{metric, segment};
  const auto it = std::lower_bound(first_.begin(), first_.end(), key,
                                   [](const auto& entry, const auto& k) { return entry.first < k; });
  if (it == first_.end() || it->first != key || t < 0) return nullptr;
  return &run_.cell(it->second + t);
}

std::vector<InstrumentYear> instrument_years(const results::Run& run, const model::Scenario& s) {
  const CellIndex ix(run);
  std::vector<InstrumentYear> out;
  for (const auto& x : s.instruments) {
    const std::string seg = "instrument/" + x.id;
    for (int year = s.start.year(); year <= s.month_at(s.horizon - 1).year(); ++year) {
      InstrumentYear row{&x, year, 0, 0, 0, 0, std::nullopt};
      int months = 0;
      for (int t = 0; t < s.horizon; ++t) {
        if (s.month_at(t).year() != year) continue;
        row.entries += ix.mean("entries", seg, t);
        row.participants_avg += ix.mean("participants", seg, t);
        row.spend += ix.mean("spend", seg, t);
        row.waiting_end = ix.mean("waiting", seg, t);
        ++months;
      }
      if (months > 0) row.participants_avg /= months;
      for (const auto& p : x.plan)
        if (p.year == year && p.planned > 0) row.planned = p.planned;
      out.push_back(row);
    }
  }
  return out;
}

std::vector<TitleYear> title_years(const results::Run& run, const model::Scenario& s) {
  const CellIndex ix(run);
  std::vector<TitleYear> out;
  for (const auto& title : s.budget_titles) {
    const std::string seg = "title/" + title.id;
    for (int year = s.start.year(); year <= s.month_at(s.horizon - 1).year(); ++year) {
      const int last = s.last_t_of_year(year);
      const auto* spend = ix.at("spend_year_to_date", seg, last);
      if (spend == nullptr) continue;
      TitleYear row{&title, year, std::nullopt, spend->mean(), spend->p05(), spend->p95(),
                    ix.mean("commitments_next_year", seg, last)};
      if (title.limited()) row.available = ix.mean("budget_available", seg, last);
      out.push_back(row);
    }
  }
  return out;
}

std::string csv_text(const std::string& s) {
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {
std::string opt(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : std::string(); }
}  // namespace

std::string instruments_csv(const std::vector<InstrumentYear>& rows) {
  std::string out = "instrument,name,legal_basis,year,entries,participants_avg,waiting_end,spend,planned\n";
  for (const auto& r : rows)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{}\n", r.instrument->id,
                   csv_text(r.instrument->name), csv_text(r.instrument->legal_basis), r.year, r.entries,
                   r.participants_avg, r.waiting_end, r.spend, opt(r.planned));
  return out;
}

std::string budget_csv(const std::vector<TitleYear>& rows) {
  std::string out = "title,name,year,available,spend,spend_p05,spend_p95,commitments_next_year\n";
  for (const auto& r : rows)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", r.title->id, csv_text(r.title->name), r.year,
                   opt(r.available), r.spend, r.spend_p05, r.spend_p95, r.commitments_next_year);
  return out;
}

}  // namespace jcsim::out
