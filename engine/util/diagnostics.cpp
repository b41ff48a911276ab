#include "engine/util/diagnostics.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace jcsim {

std::string Diagnostic::format() const {
  const char* kind = severity == Severity::kError ? "error" : "warning";
  if (pos.line <= 0) return fmt::format("{}: {}: {}", file, kind, message);
  return fmt::format("{}:{}:{}: {}: {}", file, pos.line, std::max(pos.column, 1), kind, message);
}

void Diagnostics::error(const std::string& file, SourcePos pos, std::string message) {
  items_.push_back({Severity::kError, file, pos, std::move(message)});
}

void Diagnostics::warning(const std::string& file, SourcePos pos, std::string message) {
  items_.push_back({Severity::kWarning, file, pos, std::move(message)});
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_) d.severity = Severity::kError;
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.pos.line, a.pos.column) < std::tie(b.file, b.pos.line, b.pos.column);
  });
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

int Diagnostics::error_count() const {
  return static_cast<int>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

int Diagnostics::warning_count() const { return static_cast<int>(items_.size()) - error_count(); }

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

}  // namespace jcsim
