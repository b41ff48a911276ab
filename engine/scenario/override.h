// Overrides: `PATH=VALUE` changes one field of a scenario after it is read and before it is validated, so that a
// strategy meeting can try a change without editing the file (and sweeps can vary a field).
//
// PATH is field names joined by '.', a list element selected by its id (or, for budget years, its year; for lists
// without either, such as the bins of a distribution, its position from 0) in brackets: `instrument[aktivierung_ue25].capacity.amount`, `budget_title[egt].year[2024].amount`,
// `population.segment[u25].job_finding_hazard`. A sourced number (Num) takes the value directly; a missing
// group of fields is created. Every override is then validated like the rest of the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

namespace jcsim::scenario {

struct Override {
  std::string path, value;
  std::string str() const { return path + "=" + value; }
};

// "PATH=VALUE", or nullopt without '=' or with an empty path.
std::optional<Override> parse_override(std::string_view assignment);

// One step of a path as applied: a field and, in a list, the element's position (-1 for a single field).
struct PathStep {
  const google::protobuf::FieldDescriptor* field;
  int index;
};

// Applies `o` to `msg`; returns an empty string on success, else a message that names the problem and what is
// allowed (and a close name when a field or id is misspelt). `steps`, if given, receives the fields the path
// went through, down to the scalar that was set (a Num's `value`).
std::string apply_override(google::protobuf::Message& msg, const Override& o, std::vector<PathStep>* steps = nullptr);

}  // namespace jcsim::scenario
