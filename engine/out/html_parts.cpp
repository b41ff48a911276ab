#include "engine/out/html_parts.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "engine/util/format.h"

namespace jcsim::out::html {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  return out;
}

namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9rem}.chart{width:100%;height:auto;background:#fff}
.title{font-size:14px;font-weight:600}.ytick{font-size:11px;text-anchor:end;fill:#555}
.xtick{font-size:11px;text-anchor:middle;fill:#555}.legend{font-size:11px;fill:#333}.grid{stroke:#eee}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem}th,td{padding:.2rem .6rem;border-bottom:1px solid #eee}
th{text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0}
)";

const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

// Round numbers for an axis from 0 (or below) to at least `top`.
std::vector<double> ticks(double lo, double hi) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> out;
  for (double v = std::floor(lo / step) * step;; v += step) {
    out.push_back(v);
    if (v >= hi - 1e-9 * step) break;  // the top tick is at or above every value: nothing is drawn above the plot
  }
  return out;
}

std::string tick_label(double v, const std::string& unit) {
  if (unit == "%") return group_thousands(v * 100, 0) + " %";
  if (std::fabs(v) >= 1e6) return group_thousands(v / 1e6, 1) + " Mio";
  return group_thousands(v, std::fabs(v) < 10 && v != std::floor(v) ? 1 : 0);
}

}  // namespace

std::string chart(const std::string& title, const std::vector<std::string>& months, const std::vector<Line>& lines,
                  const std::string& unit) {
  constexpr double W = 760, H = 300, L = 78, R = 34, T = 34, B = 44;
  double lo = 0, hi = 0;
  for (const auto& l : lines) {
    for (const double v : l.values) lo = std::min(lo, v), hi = std::max(hi, v);
    for (const double v : l.hi) hi = std::max(hi, v);
    for (const double v : l.lo) lo = std::min(lo, v);
  }
  const auto yt = ticks(lo, hi);
  lo = yt.front();
  hi = yt.back();
  const size_t n = months.size();
  const auto x = [&](size_t t) { return L + (n > 1 ? (W - L - R) * static_cast<double>(t) / static_cast<double>(n - 1) : 0); };
  const auto y = [&](double v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); };
  std::string svg = fmt::format(
      "<figure><svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">"
      "<text x=\"{}\" y=\"20\" class=\"title\">{}</text>",
      W, H, escape(title), L, escape(title));
  for (const double v : yt)
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" class=\"ytick\">{}</text>",
                       L, W - R, y(v), y(v), L - 6, y(v) + 4, escape(tick_label(v, unit)));
  if (lo < 0 && hi > 0)  // differences: the zero line tells better from worse
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#888\"/>", L, W - R, y(0), y(0));
  const size_t every = std::max<size_t>(1, n / 12);
  for (size_t t = 0; t < n; t += every)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"xtick\">{}</text>", x(t), H - B + 18, escape(months[t]));
  for (const auto& l : lines) {
    const char* color = kColors[static_cast<size_t>(l.color) % std::size(kColors)];
    if (!l.lo.empty() && !l.hi.empty()) {
      std::string band;
      for (size_t t = 0; t < n; ++t) band += fmt::format("{:.1f},{:.1f} ", x(t), y(l.hi[t]));
      for (size_t t = n; t-- > 0;) band += fmt::format("{:.1f},{:.1f} ", x(t), y(l.lo[t]));
      svg += fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>", band, color);
    }
    std::string points;
    for (size_t t = 0; t < n; ++t) points += fmt::format("{:.1f},{:.1f} ", x(t), y(l.values[t]));
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>", points, color,
                       l.dashed ? " stroke-dasharray=\"6 4\"" : "");
  }
  // Legend.
  double lx = L;
  for (const auto& l : lines) {
    const char* color = kColors[static_cast<size_t>(l.color) % std::size(kColors)];
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"{}/>"
                       "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
                       lx, lx + 18, H - 10, H - 10, color, l.dashed ? " stroke-dasharray=\"6 4\"" : "", lx + 22, H - 6,
                       escape(l.label));
    lx += 30 + 7.0 * static_cast<double>(l.label.size());
  }
  return svg + "</svg></figure>\n";
}

std::vector<double> constant(size_t n, double v) { return std::vector<double>(n, v); }

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : header) out += "<th>" + escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr>";
    for (size_t k = 0; k < r.size(); ++k) out += (k == 0 ? "<td>" : "<td class=\"num\">") + escape(r[k]) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}


std::string page(const std::string& title, const std::string& body) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>jcsim — {}</title><style>{}</style></head><body>\n{}</body></html>\n",
                     escape(title), kStyle, body);
}

}  // namespace jcsim::out::html
