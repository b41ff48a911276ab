// Internal to the validator: the context shared by its parts, and the checks every part uses.
#pragma once

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/locate.h"
#include "engine/scenario/parse.h"
#include "engine/util/month.h"

namespace jcsim::scenario {

// The allowed range of a number, and how to say it.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // min itself is not allowed
  bool integer = false;

  static Range non_negative() { return {0, std::numeric_limits<double>::infinity()}; }
  static Range positive() { return {0, std::numeric_limits<double>::infinity(), true}; }
  static Range probability() { return {0, 1}; }
  static Range whole(double lo, double hi) { return {lo, hi, false, true}; }
  bool contains(double v) const;
  std::string describe() const;
};

enum class Need { kRequired, kOptional };

// A table of declared ids of one kind, in declaration order.
struct IdTable {
  explicit IdTable(std::string k) : kind(std::move(k)) {}
  std::string kind;  // "instrument", "segment", ...
  std::map<std::string, int, std::less<>> index;
  std::vector<std::string> ids;
  bool has(std::string_view id) const { return index.find(id) != index.end(); }
};

// Holds the parsed scenario, the diagnostics and what earlier checks learned (ids, calendar).
class Checker {
 public:
  Checker(const Parsed& parsed, Diagnostics& diags);

  const pb::Scenario& scenario() const { return parsed_.msg; }
  Loc root() const { return Loc(parsed_.tree.get(), {1, 1}); }

  void error(SourcePos pos, std::string message) { diags_.error(parsed_.file, pos, std::move(message)); }
  void warning(SourcePos pos, std::string message) { diags_.warning(parsed_.file, pos, std::move(message)); }

  // Checks the Num in `field` of `m` (located by `loc`). `what` names the owner ("instrument 'x'"), `path` the
  // field as the user reads it (defaults to `field`). Returns the value if present and valid.
  std::optional<double> num(const Loc& loc, const google::protobuf::Message& m, std::string_view field,
                            std::string_view what, Range range, Need need, std::string_view path = {});
  // Checks a plain double or int field of `m`.
  bool scalar(const Loc& loc, const google::protobuf::Message& m, std::string_view field, double value,
              std::string_view what, Range range, std::string_view path = {});
  // A required enum field: error if it is left at its UNSPECIFIED value.
  bool enum_set(const Loc& loc, const google::protobuf::Message& m, std::string_view field, int value,
                std::string_view what);
  // A month "YYYY-MM"; `inside` requires it to lie within the horizon.
  std::optional<Month> month(const Loc& loc, const google::protobuf::Message& m, std::string_view field,
                             const std::string& text, std::string_view what, Need need, bool inside);
  // A reference to an id in `table`.
  bool ref(const Loc& loc, const google::protobuf::Message& m, std::string_view field, const std::string& id,
           const IdTable& table, std::string_view what, int index = -1);
  // Declares the id in `field` of `m` in `table`; checks its form and uniqueness.
  void declare(const Loc& loc, const google::protobuf::Message& m, const std::string& id, IdTable& table, int order);
  // A Condition message.
  void condition(const Loc& loc, const pb::Condition& c, std::string_view what);
  // Shares of a distribution message (all double fields but `source`): each in [0, 1], sum 1.
  void shares(const Loc& parent, const google::protobuf::Message& parent_msg, std::string_view field,
              std::string_view what, Need need);
  // A MonthsDist with values in [0, max].
  void months_dist(const Loc& parent, const google::protobuf::Message& parent_msg, std::string_view field,
                   std::string_view what, int max, Need need);

  std::optional<Month> start;
  int horizon = 0;  // 0 while the calendar is invalid
  IdTable segments{"segment"}, instruments{"instrument"}, titles{"budget title"}, teams{"team"},
      chains{"Förderkette"}, events{"event"};

 private:
  const Parsed& parsed_;
  Diagnostics& diags_;
};

// "1,234,567.89"
std::string format_eur(double value);
// A number as the user wrote it, without trailing zeros.
std::string format_num(double value);
// A computed sum, without the noise of binary fractions (0.9, not 0.8999999999999999).
std::string format_sum(double value);

void validate_budget(Checker& c);
void validate_chains(Checker& c);
void validate_catalogues(Checker& c);  // validate_catalogue.cpp

}  // namespace jcsim::scenario
