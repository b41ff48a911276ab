#include "engine/scenario/checker.h"

#include <fmt/format.h>

#include "engine/util/format.h"
#include "engine/util/text.h"

namespace jcsim::scenario {

namespace gp = google::protobuf;

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (integer && v != std::floor(v)) return false;
  if (min_open ? v <= min : v < min) return false;
  return v <= max;
}

std::string Range::describe() const {
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  std::string kind = integer ? "a whole number " : "";
  if (has_min && has_max) return fmt::format("{}{} to {}", kind, format_num(min), format_num(max));
  if (has_min) return fmt::format("{}{} {}", kind, min_open ? ">" : ">=", format_num(min));
  if (has_max) return fmt::format("{}<= {}", kind, format_num(max));
  return integer ? "a whole number" : "a finite number";
}

std::string format_num(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

std::string format_sum(double value) { return fmt::format("{:.10g}", value); }

std::string format_eur(double value) { return group_thousands(value, 2); }

Checker::Checker(const Parsed& parsed, Diagnostics& diags) : parsed_(parsed), diags_(diags) {}

std::optional<double> Checker::num(const Loc& loc, const gp::Message& m, std::string_view field,
                                   std::string_view what, Range range, Need need, std::string_view path) {
  const auto* fd = m.GetDescriptor()->FindFieldByName(std::string(field));
  const std::string name(path.empty() ? field : path);
  const auto* refl = m.GetReflection();
  if (!refl->HasField(m, fd)) {
    if (need == Need::kRequired)
      error(loc.pos(), fmt::format("{}: {} is missing; allowed: {}", what, name, range.describe()));
    return std::nullopt;
  }
  const auto& n = static_cast<const pb::Num&>(refl->GetMessage(m, fd));
  const Loc inner = loc.in(m, field);
  const SourcePos pos = inner.at(n, "value");
  if (!std::isfinite(n.value())) {
    error(pos, fmt::format("{}: {} is {}, not a finite number; allowed: {}", what, name, format_num(n.value()),
                           range.describe()));
    return std::nullopt;
  }
  if (!range.contains(n.value())) {
    error(pos, fmt::format("{}: {} is {}; allowed: {}", what, name, format_num(n.value()), range.describe()));
    return std::nullopt;
  }
  return n.value();
}

bool Checker::scalar(const Loc& loc, const gp::Message& m, std::string_view field, double value,
                     std::string_view what, Range range, std::string_view path) {
  if (range.contains(value)) return true;
  const std::string name(path.empty() ? field : path);
  if (!std::isfinite(value))
    error(loc.at(m, field), fmt::format("{}: {} is {}, not a finite number; allowed: {}", what, name,
                                        format_num(value), range.describe()));
  else
    error(loc.at(m, field),
          fmt::format("{}: {} is {}; allowed: {}", what, name, format_num(value), range.describe()));
  return false;
}

bool Checker::enum_set(const Loc& loc, const gp::Message& m, std::string_view field, int value,
                       std::string_view what) {
  if (value != 0) return true;
  const auto* fd = m.GetDescriptor()->FindFieldByName(std::string(field));
  std::vector<std::string> names;
  for (int i = 1; i < fd->enum_type()->value_count(); ++i) names.push_back(fd->enum_type()->value(i)->name());
  error(loc.at(m, field), fmt::format("{}: {} is missing; allowed: {}", what, field, fmt::join(names, ", ")));
  return false;
}

std::optional<Month> Checker::month(const Loc& loc, const gp::Message& m, std::string_view field,
                                    const std::string& text, std::string_view what, Need need, bool inside) {
  if (text.empty()) {
    if (need == Need::kRequired)
      error(loc.at(m, field), fmt::format("{}: {} is missing; allowed: a month \"YYYY-MM\"", what, field));
    return std::nullopt;
  }
  const auto parsed = parse_month(text);
  if (!parsed) {
    error(loc.at(m, field), fmt::format("{}: {} \"{}\" is not a month; allowed: \"YYYY-MM\" (e.g. \"2024-04\")",
                                        what, field, text));
    return std::nullopt;
  }
  if (inside && start && horizon > 0) {
    const Month last = start->plus(horizon - 1);
    if (*parsed < *start || *parsed > last) {
      error(loc.at(m, field), fmt::format("{}: {} {} is outside the horizon; allowed: {} to {}", what, field, text,
                                          start->str(), last.str()));
      return std::nullopt;
    }
  }
  return parsed;
}

bool Checker::ref(const Loc& loc, const gp::Message& m, std::string_view field, const std::string& id,
                  const IdTable& table, std::string_view what, int index) {
  if (id.empty()) {
    error(loc.at(m, field, index), fmt::format("{}: {} is missing; allowed: the id of a {}", what, field, table.kind));
    return false;
  }
  if (table.has(id)) return true;
  error(loc.at(m, field, index),
        fmt::format("{}: {} '{}' is not a declared {}{}", what, field, id, table.kind, did_you_mean(id, table.ids)));
  return false;
}

void Checker::declare(const Loc& loc, const gp::Message& m, const std::string& id, IdTable& table, int order) {
  if (id.empty()) {
    error(loc.pos(), fmt::format("{} #{}: id is missing", table.kind, order + 1));
    return;
  }
  if (!is_valid_id(id)) {
    error(loc.at(m, "id"), fmt::format("{} id '{}' is not a valid id; allowed: lower-case letters, digits and '_', "
                                       "starting with a letter, at most 64 characters",
                                       table.kind, id));
    return;
  }
  if (table.has(id)) {
    error(loc.at(m, "id"), fmt::format("{} '{}' is declared twice", table.kind, id));
    return;
  }
  table.index.emplace(id, static_cast<int>(table.ids.size()));
  table.ids.push_back(id);
}

void Checker::condition(const Loc& loc, const pb::Condition& c, std::string_view what) {
  const std::string w = fmt::format("{}: condition", what);
  if (c.language_min() != 0 && c.language_max() != 0 && c.language_min() > c.language_max())
    error(loc.at(c, "language_max"), fmt::format("{}: language_max {} is below language_min {}", w,
                                                 pb::Language_Name(c.language_max()),
                                                 pb::Language_Name(c.language_min())));
  const auto bounds = [&](const char* lo_field, bool has_lo, int lo, const char* hi_field, bool has_hi, int hi,
                          int max) {
    if (has_lo) scalar(loc, c, lo_field, lo, w, Range::whole(0, max));
    if (has_hi) scalar(loc, c, hi_field, hi, w, Range::whole(0, max));
    if (has_lo && has_hi && lo > hi)
      error(loc.at(c, hi_field), fmt::format("{}: {} {} is below {} {}", w, hi_field, hi, lo_field, lo));
  };
  bounds("benefit_months_24_min", c.has_benefit_months_24_min(), c.benefit_months_24_min(), "benefit_months_24_max",
         c.has_benefit_months_24_max(), c.benefit_months_24_max(), 24);
  bounds("benefit_months_84_min", c.has_benefit_months_84_min(), c.benefit_months_84_min(), "benefit_months_84_max",
         c.has_benefit_months_84_max(), c.benefit_months_84_max(), 84);
  bounds("unemployed_months_min", c.has_unemployed_months_min(), c.unemployed_months_min(), "unemployed_months_max",
         c.has_unemployed_months_max(), c.unemployed_months_max(), 600);
  for (int i = 0; i < c.segment_size(); ++i) ref(loc, c, "segment", c.segment(i), segments, w, i);
  // An UNSPECIFIED value in a list can match nobody: it is always a slip.
  const auto no_unspecified = [&](const char* field, const auto& values) {
    for (int i = 0; i < values.size(); ++i)
      if (values.Get(i) == 0)
        error(loc.at(c, field, i), fmt::format("{}: {} lists an unspecified value", w, field));
  };
  no_unspecified("age_group", c.age_group());
  no_unspecified("sex", c.sex());
  no_unspecified("household", c.household());
  no_unspecified("migration", c.migration());
  no_unspecified("qualification", c.qualification());
  no_unspecified("health", c.health());
  no_unspecified("distance", c.distance());
}

void Checker::shares(const Loc& parent, const gp::Message& parent_msg, std::string_view field,
                     std::string_view what, Need need) {
  const auto* fd = parent_msg.GetDescriptor()->FindFieldByName(std::string(field));
  const auto* refl = parent_msg.GetReflection();
  if (!refl->HasField(parent_msg, fd)) {
    if (need == Need::kRequired) {
      std::vector<std::string> names;
      for (int i = 0; i < fd->message_type()->field_count(); ++i)
        if (fd->message_type()->field(i)->name() != "source") names.push_back(fd->message_type()->field(i)->name());
      error(parent.pos(), fmt::format("{}: {} is missing; give the shares of {}", what, field, fmt::join(names, ", ")));
    }
    return;
  }
  const auto& m = refl->GetMessage(parent_msg, fd);
  const Loc loc = parent.in(parent_msg, field);
  const auto* mr = m.GetReflection();
  double sum = 0;
  bool ok = true;
  for (int i = 0; i < m.GetDescriptor()->field_count(); ++i) {
    const auto* f = m.GetDescriptor()->field(i);
    if (f->cpp_type() != gp::FieldDescriptor::CPPTYPE_DOUBLE) continue;
    const double v = mr->GetDouble(m, f);
    ok &= scalar(loc, m, f->name(), v, what, Range::probability(), fmt::format("{}.{}", field, f->name()));
    sum += v;
  }
  if (ok && std::fabs(sum - 1.0) > 1e-6)
    error(loc.pos(), fmt::format("{}: the shares of {} sum to {}; they must sum to 1", what, field, format_sum(sum)));
}

void Checker::months_dist(const Loc& parent, const gp::Message& parent_msg, std::string_view field,
                          std::string_view what, int max, Need need) {
  const auto* fd = parent_msg.GetDescriptor()->FindFieldByName(std::string(field));
  const auto* refl = parent_msg.GetReflection();
  if (!refl->HasField(parent_msg, fd)) {
    if (need == Need::kRequired)
      error(parent.pos(), fmt::format("{}: {} is missing; give bins {{ from to share }} over 0 to {} months", what,
                                      field, max));
    return;
  }
  const auto& d = static_cast<const pb::MonthsDist&>(refl->GetMessage(parent_msg, fd));
  const Loc loc = parent.in(parent_msg, field);
  if (d.bin_size() == 0) {
    error(loc.pos(), fmt::format("{}: {} has no bin; give bins {{ from to share }} over 0 to {} months", what, field,
                                 max));
    return;
  }
  double sum = 0;
  bool ok = true;
  for (int i = 0; i < d.bin_size(); ++i) {
    const auto& b = d.bin(i);
    const Loc bl = loc.in(d, "bin", i);
    const std::string p = fmt::format("{}.bin[{}]", field, i + 1);
    ok &= scalar(bl, b, "from", b.from(), what, Range::whole(0, max), p + ".from");
    ok &= scalar(bl, b, "to", b.to(), what, Range::whole(0, max), p + ".to");
    ok &= scalar(bl, b, "share", b.share(), what, Range::probability(), p + ".share");
    if (b.from() > b.to()) {
      error(bl.at(b, "to"), fmt::format("{}: {}.to {} is below its from {}", what, p, b.to(), b.from()));
      ok = false;
    }
    sum += b.share();
  }
  if (ok && std::fabs(sum - 1.0) > 1e-6)
    error(loc.pos(), fmt::format("{}: the shares of {} sum to {}; they must sum to 1", what, field, format_sum(sum)));
}

}  // namespace jcsim::scenario
