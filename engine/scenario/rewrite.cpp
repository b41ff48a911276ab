#include "engine/scenario/rewrite.h"

#include <algorithm>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "proto/scenario.pb.h"

namespace jcsim::scenario {

namespace gp = google::protobuf;

namespace {

// Collects nothing: a text that parsed once parses again; errors are reported as a failed Parse.
class Quiet : public gp::io::ErrorCollector {
 public:
  void AddError(int, gp::io::ColumnNumber, const std::string&) override {}
};

// Byte offset of (line, column), both 0-based as the parse tree gives them.
size_t offset_of(std::string_view text, int line, int column) {
  size_t at = 0;
  for (int l = 0; l < line && at < text.size(); ++l) {
    const size_t nl = text.find('\n', at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return std::min(text.size(), at + static_cast<size_t>(column));
}

// The extent [begin, end) of the value written after the field name at `at`: `name: VALUE` (a number, an
// identifier or a quoted string).
bool value_extent(std::string_view text, size_t at, size_t& begin, size_t& end) {
  size_t i = at;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size() || text[i] != ':') return false;
  ++i;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  begin = i;
  if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
    const char quote = text[i++];
    while (i < text.size() && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
    end = std::min(text.size(), i + 1);
    return i < text.size();
  }
  while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '}' && text[i] != ',' &&
         text[i] != ';' && text[i] != '#')
    ++i;
  end = i;
  return end > begin;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Edit {
  size_t begin, end;
  std::string replacement;
};

}  // namespace

bool rewrite_values(std::string_view text, const std::vector<Rewrite>& rewrites, std::string& out, std::string& error) {
  pb::Scenario msg;
  gp::TextFormat::ParseInfoTree tree;
  gp::TextFormat::Parser parser;
  Quiet quiet;
  parser.RecordErrorsTo(&quiet);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(std::string(text), &msg)) {
    error = "the scenario text does not parse";
    return false;
  }
  std::vector<Edit> edits;
  for (const auto& rw : rewrites) {
    std::vector<PathStep> steps;
    if (const auto e = apply_override(msg, rw.assignment, &steps); !e.empty()) {
      error = e;
      return false;
    }
    const gp::TextFormat::ParseInfoTree* node = &tree;
    for (size_t k = 0; k + 1 < steps.size() && node != nullptr; ++k)
      node = node->GetTreeForNested(steps[k].field, steps[k].index);
    const auto& last = steps.back();
    const auto loc = node ? node->GetLocation(last.field, last.index) : gp::TextFormat::ParseLocation{};
    if (node == nullptr || loc.line < 0) {
      error = rw.assignment.path + " is not written in the scenario; write it there first";
      return false;
    }
    size_t begin = 0, end = 0;
    if (!value_extent(text, offset_of(text, loc.line, loc.column), begin, end)) {
      error = rw.assignment.path + ": cannot find its value in the text";
      return false;
    }
    edits.push_back({begin, end, rw.assignment.value});
    if (!rw.source.empty() && steps.size() >= 2 && last.field->containing_type()->full_name() == "jcsim.pb.Num") {
      const auto* source_field = last.field->containing_type()->FindFieldByName("source");
      const auto sloc = node->GetLocation(source_field, -1);
      if (sloc.line >= 0 && value_extent(text, offset_of(text, sloc.line, sloc.column), begin, end)) {
        edits.push_back({begin, end, quoted(rw.source)});
      } else {
        edits.push_back({edits.back().end, edits.back().end, " source: " + quoted(rw.source)});
      }
    }
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  for (size_t k = 1; k < edits.size(); ++k)
    if (edits[k].begin < edits[k - 1].end) {
      error = "two assignments change the same field";
      return false;
    }
  out.clear();
  size_t at = 0;
  for (const auto& e : edits) {
    out.append(text.substr(at, e.begin - at));
    out += e.replacement;
    at = e.end;
  }
  out.append(text.substr(at));
  return true;
}

}  // namespace jcsim::scenario
