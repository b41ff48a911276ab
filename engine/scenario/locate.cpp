#include "engine/scenario/locate.h"

#include <cassert>
#include <string>

namespace jcsim::scenario {

namespace {
const google::protobuf::FieldDescriptor* field_of(const google::protobuf::Message& m, std::string_view name) {
  const auto* f = m.GetDescriptor()->FindFieldByName(std::string(name));
  assert(f != nullptr && "Loc: no such field in the schema");
  return f;
}
}  // namespace

SourcePos Loc::at(const google::protobuf::Message& m, std::string_view field, int index) const {
  if (tree_ == nullptr) return pos_;
  const auto* f = field_of(m, field);
  const auto loc = tree_->GetLocation(f, f->is_repeated() ? std::max(index, 0) : -1);
  if (loc.line < 0) return pos_;
  return SourcePos{loc.line + 1, loc.column + 1};
}

Loc Loc::in(const google::protobuf::Message& m, std::string_view field, int index) const {
  if (tree_ == nullptr) return *this;
  const auto* f = field_of(m, field);
  const int i = f->is_repeated() ? std::max(index, 0) : -1;
  return Loc(tree_->GetTreeForNested(f, i), at(m, field, index));
}

}  // namespace jcsim::scenario
