// Small text helpers for diagnostics at the input boundary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/diagnostics.h"

namespace jcsim {

// The position of the first byte that makes `text` invalid UTF-8, or nullopt if it is valid.
std::optional<SourcePos> first_invalid_utf8(std::string_view text);
// The position of the first NUL byte, or nullopt.
std::optional<SourcePos> first_nul(std::string_view text);
// The position of byte `offset` in `text`.
SourcePos position_of(std::string_view text, size_t offset);

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for a close candidate, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// FNV-1a 64 of `text`, as 16 hex digits (identifies a scenario text in provenance and sweeps; not a security hash).
std::string text_hash(std::string_view text);

// Whether `id` is a valid identifier: [a-z][a-z0-9_]*, at most 64 characters.
bool is_valid_id(std::string_view id);

}  // namespace jcsim
