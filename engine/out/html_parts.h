// Building blocks of the HTML reports: line charts with bands as inline SVG, tables, the shared style sheet. No
// script and no external resource: a report works offline and is safe to mail. Every text is HTML-escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jcsim::out::html {

std::string escape(std::string_view text);

struct Line {
  std::string label;
  std::vector<double> values;
  std::vector<double> lo, hi;  // a band when both are given
  bool dashed = false;
  int color = 0;
};

// A line chart over the months, with optional bands. `unit` "%" shows fractions as percent, "€" large numbers in
// Mio; a zero line is drawn when the values change sign.
std::string chart(const std::string& title, const std::vector<std::string>& months, const std::vector<Line>& lines,
                  const std::string& unit = "");

// Rows of text; every column after the first is right-aligned (numbers).
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

std::vector<double> constant(size_t n, double v);

// A complete page: doctype, the style sheet, `body`.
std::string page(const std::string& title, const std::string& body);

}  // namespace jcsim::out::html
