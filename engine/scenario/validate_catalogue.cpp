// Measure catalogues: a CATALOGUE plan line and the projects that name it in part_of. The line holds the plan
// and the money; the projects hold the places. Checked: part_of names a catalogue line, one level deep, paid
// from the line's title, plans only on the line, every line has projects (at most 64); and (a warning) whether the projects'
// places in a plan year add up to the places the plan gives the line.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/model/scenario.h"
#include "engine/scenario/checker.h"
#include "engine/util/month.h"

namespace jcsim::scenario {

namespace {

constexpr size_t kMaxCatalogueProjects = model::kMaxCatalogueProjects;

// Whether instrument `ins` takes entries at some time in calendar year `year` (by its available_from/until).
bool open_in_year(const pb::Instrument& ins, int year) {
  const auto from = parse_month(ins.available_from()), until = parse_month(ins.available_until());
  return (!from || from->year() <= year) && (!until || until->year() >= year);
}

}  // namespace

void validate_catalogues(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  // Plan years outside the simulated years are history (or another scenario's year): not compared.
  const auto start = parse_month(s.calendar().start());
  const int first_year = start ? start->year() : 0;
  const int last_year = start ? Month{start->index + std::max(s.calendar().horizon_months(), 1) - 1}.year() : 9999;
  std::map<int, std::vector<int>> parts;  // line index → project indices, in the order written
  for (int i = 0; i < s.instrument_size(); ++i) {
    const auto& ins = s.instrument(i);
    const Loc il = root.in(s, "instrument", i);
    const std::string what = fmt::format("instrument '{}'", ins.id());
    const bool catalogue = ins.capacity().unit() == pb::CATALOGUE;
    if (catalogue && ins.supplement_to_size() > 0)
      c.error(il.at(ins, "supplement_to"), fmt::format("{}: a CATALOGUE line cannot be a supplement", what));
    if (catalogue && (ins.capacity().has_amount() || ins.capacity().per_quarter_size() > 0))
      c.error(il.in(ins, "capacity").pos(),
              fmt::format("{}: is a CATALOGUE line; its places are those of its projects, so it takes no amount "
                          "(change a project's capacity instead)",
                          what));
    // What people experience in a measure is the project's: on the line it would be ignored.
    if (catalogue)
      for (const char* f : {"cost_per_month", "cost_once", "dropout_hazard", "lock_in", "post_effect", "completion",
                            "counts_as_integration"})
        if (ins.GetReflection()->HasField(ins, ins.GetDescriptor()->FindFieldByName(f)))
          c.error(il.at(ins, f), fmt::format("{}: is a CATALOGUE line; {} belongs to its projects, move it there",
                                             what, f));
    if (ins.part_of().empty()) continue;
    if (!c.ref(il, ins, "part_of", ins.part_of(), c.instruments, what)) continue;
    const int li = c.instruments.index.find(ins.part_of())->second;
    const auto& line = s.instrument(li);
    if (line.capacity().unit() != pb::CATALOGUE) {
      c.error(il.at(ins, "part_of"),
              fmt::format("{}: part_of '{}' is not a measure catalogue; a project belongs to a plan line with "
                          "capacity {{ unit: CATALOGUE }}",
                          what, ins.part_of()));
      continue;
    }
    if (catalogue)
      c.error(il.at(ins, "part_of"), fmt::format("{}: a CATALOGUE line cannot be part of another line", what));
    if (ins.capacity().unit() == pb::FLAT_RATE)
      c.error(il.at(ins, "part_of"), fmt::format("{}: a FLAT_RATE line cannot be a project of '{}'", what, line.id()));
    if (ins.budget_title() != line.budget_title())
      c.error(il.at(ins, "budget_title"),
              fmt::format("{}: budget_title '{}' differs from its line '{}', which pays from '{}'", what,
                          ins.budget_title(), line.id(), line.budget_title()));
    if (ins.plan_size() > 0)
      c.error(il.at(ins, "plan", 0),
              fmt::format("{}: has a plan, but a project's money is planned on its line '{}'; move the plan there",
                          what, line.id()));
    parts[li].push_back(i);
  }
  for (int i = 0; i < s.instrument_size(); ++i) {
    const auto& line = s.instrument(i);
    if (line.capacity().unit() != pb::CATALOGUE) continue;
    const Loc il = root.in(s, "instrument", i);
    const std::string what = fmt::format("instrument '{}'", line.id());
    const auto it = parts.find(i);
    if (it == parts.end()) {
      c.error(il.at(line, "capacity"),
              fmt::format("{}: is a CATALOGUE line but no instrument names it in part_of, so it has no places", what));
      continue;
    }
    if (it->second.size() > kMaxCatalogueProjects)
      c.error(il.at(line, "capacity"),
              fmt::format("{}: has {} projects; a CATALOGUE line holds at most {} (split it into several lines, "
                          "for example by target group)",
                          what, it->second.size(), kMaxCatalogueProjects));
    for (int k = 0; k < line.plan_size(); ++k) {
      const auto& py = line.plan(k);
      if (!py.has_capacity() || py.year() < first_year || py.year() > last_year) continue;
      double places = 0;
      for (const int p : it->second) {
        const auto& part = s.instrument(p);
        if (part.capacity().unit() == pb::PLACES && open_in_year(part, py.year()))
          places += part.capacity().amount().value();
      }
      const double planned = py.capacity().value();
      if (std::abs(places - planned) > 0.05 * planned)
        c.warning(il.in(line, "plan", k).at(py, "capacity"),
                  fmt::format("{}: its projects offer {} places in {}, the plan gives the line {}", what,
                              format_num(places), py.year(), format_num(planned)));
    }
  }
}

}  // namespace jcsim::scenario
