#include "engine/scenario/load.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/stubs/logging.h>

#include "engine/scenario/compile.h"
#include "engine/scenario/parse.h"
#include "engine/scenario/validate.h"
#include "engine/util/text.h"

namespace jcsim::scenario {

namespace {

// Protobuf logs some problems instead of returning them; every problem of ours reaches the user as a diagnostic,
// so its log output is switched off once for the process.
void silence_protobuf_log() {
  static std::once_flag once;
  std::call_once(once, [] {
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int, const std::string&) {});
  });
}

// The text between the `n`-th pair of double quotes after `after` in `message`, or "".
std::string quoted_after(const std::string& message, std::string_view after, int n) {
  size_t at = message.find(after);
  if (at == std::string::npos) return {};
  at += after.size();
  for (int k = 0; k <= n; ++k) {
    const size_t open = message.find('"', at);
    if (open == std::string::npos) return {};
    const size_t close = message.find('"', open + 1);
    if (close == std::string::npos) return {};
    if (k == n) return message.substr(open + 1, close - open - 1);
    at = close + 1;
  }
  return {};
}

// Adds "did you mean" hints to protobuf's messages about unknown field and enum names:
//   Message type "jcsim.pb.Instrument" has no field named "capcity".
//   Unknown enumeration value of "ACTIVATON" for field "group".
std::string with_hint(const std::string& message) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  if (message.find("has no field named") != std::string::npos) {
    const std::string type_name = quoted_after(message, "Message type", 0);
    const std::string field = quoted_after(message, "Message type", 1);
    const auto* type = pool->FindMessageTypeByName(type_name);
    std::vector<std::string> names;
    for (int i = 0; type && i < type->field_count(); ++i) names.push_back(type->field(i)->name());
    return fmt::format("unknown field '{}' in {}{}", field, type ? type->name() : type_name, did_you_mean(field, names));
  }
  if (message.find("Unknown enumeration value of") != std::string::npos) {
    const std::string value = quoted_after(message, "Unknown enumeration value", 0);
    const std::string field = quoted_after(message, "Unknown enumeration value", 1);
    std::vector<std::string> names;
    const auto* file = pb::Scenario::descriptor()->file();
    for (int e = 0; e < file->enum_type_count(); ++e)
      for (int v = 0; v < file->enum_type(e)->value_count(); ++v) names.push_back(file->enum_type(e)->value(v)->name());
    return fmt::format("unknown value '{}' for field '{}'{}", value, field, did_you_mean(value, names));
  }
  return message;
}

// Protobuf locates an unknown field at the token after its name; the user wants the name itself.
SourcePos unknown_field_start(std::string_view text, SourcePos pos, const std::string& message) {
  if (message.find("has no field named") == std::string::npos) return pos;
  const std::string name = quoted_after(message, "Message type", 1);
  if (name.empty()) return pos;
  size_t line_start = 0;
  for (int l = 1; l < pos.line && line_start != std::string_view::npos; ++l) {
    line_start = text.find('\n', line_start);
    if (line_start != std::string_view::npos) ++line_start;
  }
  if (line_start == std::string_view::npos) return pos;
  const std::string_view line = text.substr(line_start, static_cast<size_t>(std::max(pos.column - 1, 0)));
  const size_t at = line.rfind(name);
  if (at == std::string_view::npos) return pos;
  return {pos.line, static_cast<int>(at) + 1};
}

class Collector final : public google::protobuf::io::ErrorCollector {
 public:
  Collector(const std::string& file, std::string_view text, Diagnostics& diags)
      : file_(file), text_(text), diags_(diags) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    diags_.error(file_, unknown_field_start(text_, position(line, column), message), with_hint(message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    diags_.warning(file_, position(line, column), with_hint(message));
  }

 private:
  // Protobuf counts lines and columns from 0; -1 means "no position" (end of input).
  static SourcePos position(int line, int column) { return {line < 0 ? 0 : line + 1, column < 0 ? 1 : column + 1}; }
  const std::string& file_;
  std::string_view text_;
  Diagnostics& diags_;
};

// `at_least`: the size of a stream read until it passed the limit.
std::string too_large(unsigned long long size, size_t limit, bool at_least = false) {
  return fmt::format(
      "the file has {}{} bytes, more than the limit of {} bytes; a scenario is text of a few "
      "hundred KiB (raise the limit with --max-file-bytes)",
      at_least ? "at least " : "", size, limit);
}

}  // namespace

bool parse_text(std::string_view text, Parsed& out, Diagnostics& diags) {
  silence_protobuf_log();
  google::protobuf::TextFormat::Parser parser;
  Collector collector(out.file, text, diags);
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(out.tree.get());
  parser.SetRecursionLimit(32);  // the language nests at most 6 deep; deeper input is junk, refused early
  const int before = diags.error_count();
  const bool ok = parser.ParseFromString(std::string(text), &out.msg);
  if (!ok && diags.error_count() == before) diags.error(out.file, {1, 1}, "the file could not be parsed");
  return ok;
}

LoadResult load_text(std::string_view name, std::string_view text, const LoadOptions& options) {
  LoadResult result;
  const std::string file(name);
  auto& diags = result.diagnostics;
  // Editors on Windows save UTF-8 with a byte order mark: it is not part of the scenario (positions on line 1 then
  // count from after it, as the editor shows them).
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (text.size() > options.max_file_bytes) {
    diags.error(file, {}, too_large(text.size(), options.max_file_bytes));
    return result;
  }
  if (const auto nul = first_nul(text)) {
    diags.error(file, *nul, "the file holds a NUL byte: it is binary, not a scenario in text format");
    return result;
  }
  if (const auto bad = first_invalid_utf8(text)) {
    diags.error(file, *bad, "the file is not valid UTF-8 text (save it as UTF-8)");
    return result;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diags.error(file, {1, 1}, "the file is empty: a scenario needs at least 'name', 'calendar' and 'population'");
    return result;
  }
  result.text = std::string(text);

  Parsed parsed;
  parsed.file = file;
  if (!parse_text(text, parsed, diags)) {
    diags.sort();
    return result;
  }
  if (!options.overrides.empty()) {
    for (const auto& o : options.overrides)
      if (const std::string problem = apply_override(parsed.msg, o); !problem.empty()) diags.error(file, {}, problem);
    if (diags.has_errors()) return result;
    // The results record the scenario that ran: the file with its overrides applied.
    std::string effective = "# " + file + " with";
    for (const auto& o : options.overrides) effective += " --set " + o.str();
    effective += "\n";
    std::string printed;
    google::protobuf::TextFormat::PrintToString(parsed.msg, &printed);
    result.text = effective + printed;
  }
  validate(parsed, diags);
  if (options.strict) diags.promote_warnings();
  diags.sort();
  if (diags.has_errors()) return result;
  result.scenario = std::make_shared<const model::Scenario>(compile(parsed.msg));
  return result;
}

bool read_text_file(const std::string& path, size_t max_bytes, std::string& text, Diagnostics& diags) {
  // A directory opens as a stream on Linux, and its size reads as the largest offset: say what it is.
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    diags.error(path, {}, "this is a directory, not a scenario file (give the .textproto file in it)");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path, {}, "cannot open the file (does it exist, and may it be read?)");
    return false;
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {  // a pipe (/dev/stdin, <(...)): read to its end, no further than the limit
    in.clear();
    text.clear();
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      text.append(buf, static_cast<size_t>(in.gcount()));
      if (text.size() > max_bytes) {
        diags.error(path, {}, too_large(text.size(), max_bytes, true));
        return false;
      }
    }
    if (in.bad()) {
      diags.error(path, {}, "cannot read the file");
      return false;
    }
    return true;
  }
  if (static_cast<size_t>(size) > max_bytes) {  // refused before it is read into memory
    diags.error(path, {}, too_large(static_cast<unsigned long long>(size), max_bytes));
    return false;
  }
  in.seekg(0);
  text.assign(static_cast<size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) {
    diags.error(path, {}, "cannot read the file");
    return false;
  }
  return true;
}

LoadResult load_file(const std::string& path, const LoadOptions& options) {
  std::string text;
  LoadResult result;
  if (!read_text_file(path, options.max_file_bytes, text, result.diagnostics)) return result;
  return load_text(path, text, options);
}

}  // namespace jcsim::scenario
