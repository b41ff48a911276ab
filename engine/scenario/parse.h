// Internal to engine/scenario: the parsed protobuf with the locations of its fields.
#pragma once

#include <memory>
#include <string>

#include <google/protobuf/text_format.h>

#include "proto/scenario.pb.h"
#include "engine/util/diagnostics.h"

namespace jcsim::scenario {

struct Parsed {
  std::string file;  // name used in diagnostics
  pb::Scenario msg;
  std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree =
      std::make_unique<google::protobuf::TextFormat::ParseInfoTree>();
};

// Parses text format; false (with located diagnostics) on a syntax or type error.
bool parse_text(std::string_view text, Parsed& out, Diagnostics& diags);

}  // namespace jcsim::scenario
