#include "engine/run/sweep.h"

#include <set>
#include <stdexcept>

#include "engine/util/text.h"

namespace jcsim::run {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Axis> parse_axis(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  Axis axis;
  axis.path = std::string(trim(text.substr(0, eq)));
  if (axis.path.empty()) return std::nullopt;
  std::string_view rest = text.substr(eq + 1);
  while (true) {
    const size_t comma = rest.find(',');
    const auto value = trim(rest.substr(0, comma));
    if (value.empty()) return std::nullopt;
    axis.values.emplace_back(value);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return axis;
}

std::string SweepPoint::label() const {
  std::string out;
  for (const auto& a : assignments) out += (out.empty() ? "" : "; ") + a.str();
  return out;
}

std::vector<SweepPoint> grid(const std::vector<Axis>& axes, size_t max_points) {
  // A field given twice would have its first axis overwritten at every point, a value given twice would run the
  // same points again: both are mistakes in the command.
  std::set<std::string> paths;
  for (const auto& a : axes) {
    if (!paths.insert(a.path).second)
      throw std::invalid_argument("--set " + a.path + " is given twice; give all its values in one --set");
    std::set<std::string> values;
    for (const auto& v : a.values)
      if (!values.insert(v).second)
        throw std::invalid_argument("--set " + a.path + " lists the value " + v + " twice");
  }
  size_t count = axes.empty() ? 0 : 1;
  for (const auto& a : axes) {
    if (a.values.empty()) return {};
    if (count > max_points / a.values.size())
      throw std::invalid_argument("the grid has more than " + std::to_string(max_points) + " points");
    count *= a.values.size();
  }
  std::vector<SweepPoint> points(count);
  for (size_t p = 0; p < count; ++p) {
    points[p].index = static_cast<int>(p);
    points[p].assignments.resize(axes.size());
    size_t rest = p;
    for (size_t k = axes.size(); k-- > 0;) {
      const auto& a = axes[k];
      points[p].assignments[k] = {a.path, a.values[rest % a.values.size()]};
      rest /= a.values.size();
    }
  }
  return points;
}

std::string sweep_key(const std::string& scenario_text, const std::vector<Axis>& axes, uint64_t seed, int replications) {
  std::string text = scenario_text;
  text += '\0';
  for (const auto& a : axes) {
    text += a.path;
    for (const auto& v : a.values) text += '\x1f' + v;
    text += '\0';
  }
  text += std::to_string(seed) + '/' + std::to_string(replications);
  return text_hash(text);
}

}  // namespace jcsim::run
