// Maps scenario fields back to their line and column in the file, for diagnostics.
#pragma once

#include <string_view>

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "engine/util/diagnostics.h"

namespace jcsim::scenario {

// The location of one message in the parsed text. Cheap to copy. Missing fields fall back to the enclosing
// message's position, so every diagnostic gets the nearest real position.
class Loc {
 public:
  using Tree = google::protobuf::TextFormat::ParseInfoTree;
  Loc(const Tree* tree, SourcePos pos) : tree_(tree), pos_(pos) {}

  SourcePos pos() const { return pos_; }
  // Where `field` of message `m` (the message this Loc describes) was written; index for repeated fields.
  SourcePos at(const google::protobuf::Message& m, std::string_view field, int index = -1) const;
  // The Loc of the nested message in `field`.
  Loc in(const google::protobuf::Message& m, std::string_view field, int index = -1) const;

 private:
  const Tree* tree_;
  SourcePos pos_;
};

}  // namespace jcsim::scenario
