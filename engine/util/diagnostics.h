// Diagnostics for people: every problem found in an input, located as FILE:LINE:COL (1-based, GCC style).
//
// The scenario boundary collects all problems of a file in one pass and returns them; the command line prints
// them. Nothing below the boundary reports errors this way: broken invariants inside the engine are asserts.
#pragma once

#include <string>
#include <vector>

namespace jcsim {

enum class Severity { kError, kWarning };

// A position in a text file; 1-based. line 0 means "the file as a whole".
struct SourcePos {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  SourcePos pos;
  std::string message;

  // "FILE:LINE:COL: error: MESSAGE" (or "FILE: error: MESSAGE" without a position).
  std::string format() const;
};

// An ordered collection of diagnostics. Thread-compatible, not thread-safe.
class Diagnostics {
 public:
  void error(const std::string& file, SourcePos pos, std::string message);
  void warning(const std::string& file, SourcePos pos, std::string message);

  // Makes every warning an error (jcsim validate --strict).
  void promote_warnings();
  // Orders by file, line, column; stable for equal positions, so checks may run in any order.
  void sort();

  bool has_errors() const;
  int error_count() const;
  int warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace jcsim
