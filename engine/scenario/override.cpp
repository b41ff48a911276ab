#include "engine/scenario/override.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>

#include "engine/util/text.h"

namespace jcsim::scenario {

namespace gp = google::protobuf;

std::optional<Override> parse_override(std::string_view assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  return Override{std::string(assignment.substr(0, eq)), std::string(assignment.substr(eq + 1))};
}

namespace {

std::vector<std::string> field_names(const gp::Descriptor* d) {
  std::vector<std::string> names;
  for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
  return names;
}

// The key field that selects an element of a list: `id`, or `year` for budget years.
const gp::FieldDescriptor* key_field(const gp::Descriptor* d) {
  if (const auto* id = d->FindFieldByName("id"); id && id->type() == gp::FieldDescriptor::TYPE_STRING) return id;
  if (const auto* year = d->FindFieldByName("year"); year && year->cpp_type() == gp::FieldDescriptor::CPPTYPE_INT32)
    return year;
  return nullptr;
}

std::string key_of(const gp::Message& m, const gp::FieldDescriptor* key) {
  const auto* r = m.GetReflection();
  return key->cpp_type() == gp::FieldDescriptor::CPPTYPE_STRING ? r->GetString(m, key)
                                                                : std::to_string(r->GetInt32(m, key));
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size() && std::isfinite(out);
}

bool parse_long(const std::string& text, long long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end == text.c_str() + text.size();
}

std::string set_scalar(gp::Message& m, const gp::FieldDescriptor* f, const Override& o) {
  const auto* r = m.GetReflection();
  const std::string& v = o.value;
  double d = 0;
  long long n = 0;
  switch (f->cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_DOUBLE:
      if (!parse_double(v, d)) return fmt::format("--set {}: '{}' is not a finite number", o.path, v);
      r->SetDouble(&m, f, d);
      return {};
    case gp::FieldDescriptor::CPPTYPE_FLOAT:
      if (!parse_double(v, d)) return fmt::format("--set {}: '{}' is not a finite number", o.path, v);
      r->SetFloat(&m, f, static_cast<float>(d));
      return {};
    case gp::FieldDescriptor::CPPTYPE_INT32:
    case gp::FieldDescriptor::CPPTYPE_INT64:
    case gp::FieldDescriptor::CPPTYPE_UINT32:
    case gp::FieldDescriptor::CPPTYPE_UINT64:
      if (!parse_long(v, n)) return fmt::format("--set {}: '{}' is not a whole number", o.path, v);
      if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_INT32) {
        if (n < INT32_MIN || n > INT32_MAX) return fmt::format("--set {}: {} is out of range", o.path, v);
        r->SetInt32(&m, f, static_cast<int32_t>(n));
      } else if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_INT64) {
        r->SetInt64(&m, f, n);
      } else if (n < 0) {
        return fmt::format("--set {}: {} is negative; allowed: a whole number >= 0", o.path, v);
      } else if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_UINT32) {
        r->SetUInt32(&m, f, static_cast<uint32_t>(n));
      } else {
        r->SetUInt64(&m, f, static_cast<uint64_t>(n));
      }
      return {};
    case gp::FieldDescriptor::CPPTYPE_BOOL:
      if (v != "true" && v != "false") return fmt::format("--set {}: '{}' is not true or false", o.path, v);
      r->SetBool(&m, f, v == "true");
      return {};
    case gp::FieldDescriptor::CPPTYPE_STRING:
      // As the scenario file writes it ("2024-02") or bare (2024-02).
      r->SetString(&m, f, v.size() >= 2 && v.front() == '"' && v.back() == '"' ? v.substr(1, v.size() - 2) : v);
      return {};
    case gp::FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = f->enum_type()->FindValueByName(v);
      if (value == nullptr || value->number() == 0) {
        std::vector<std::string> names;
        for (int i = 1; i < f->enum_type()->value_count(); ++i) names.push_back(f->enum_type()->value(i)->name());
        return fmt::format("--set {}: '{}' is not a value of {}{}; allowed: {}", o.path, v, f->name(),
                           did_you_mean(v, names), fmt::join(names, ", "));
      }
      r->SetEnum(&m, f, value);
      return {};
    }
    case gp::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return fmt::format("--set {}: cannot set this field", o.path);
}

}  // namespace

std::string apply_override(gp::Message& msg, const Override& o, std::vector<PathStep>* steps) {
  if (steps) steps->clear();
  const auto record = [steps](const gp::FieldDescriptor* f, int index) {
    if (steps) steps->push_back({f, index});
  };
  gp::Message* m = &msg;
  size_t start = 0;
  while (true) {
    const size_t dot = o.path.find('.', start);
    std::string step = o.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const bool last = dot == std::string::npos;
    std::string key;
    bool keyed = false;
    if (const size_t open = step.find('['); open != std::string::npos) {
      if (step.back() != ']') return fmt::format("--set {}: '{}' lacks its closing ']'", o.path, step);
      key = step.substr(open + 1, step.size() - open - 2);
      step = step.substr(0, open);
      keyed = true;
    }
    const auto* d = m->GetDescriptor();
    const auto* f = d->FindFieldByName(step);
    if (f == nullptr)
      return fmt::format("--set {}: {} has no field '{}'{}", o.path, d->name(), step, did_you_mean(step, field_names(d)));
    const auto* r = m->GetReflection();
    if (f->is_repeated()) {
      if (f->cpp_type() != gp::FieldDescriptor::CPPTYPE_MESSAGE)
        return fmt::format("--set {}: '{}' is a list of values and cannot be set from the command line", o.path, step);
      const auto* kf = key_field(f->message_type());
      if (!keyed)
        return fmt::format("--set {}: '{}' is a list; select an element with {}[{}]", o.path, step, step,
                           kf ? kf->name() : "position from 0");
      gp::Message* found = nullptr;
      int found_at = -1;
      const int size = r->FieldSize(*m, f);
      if (kf == nullptr) {  // a list without ids (e.g. the bins of a distribution): by position
        long long position = -1;
        if (!parse_long(key, position) || position < 0 || position >= size)
          return fmt::format("--set {}: {}[{}]: the list has {} element{}; select one by its position 0..{}", o.path,
                             step, key, size, size == 1 ? "" : "s", size - 1);
        found_at = static_cast<int>(position);
        found = r->MutableRepeatedMessage(m, f, found_at);
      } else {
        std::vector<std::string> keys;
        for (int i = 0; i < size; ++i) {
          auto* element = r->MutableRepeatedMessage(m, f, i);
          keys.push_back(key_of(*element, kf));
          if (keys.back() == key) found = element, found_at = i;
        }
        if (found == nullptr)
          return fmt::format("--set {}: there is no {} with {} '{}'{}", o.path, step, kf->name(), key,
                             did_you_mean(key, keys));
      }
      if (last) return fmt::format("--set {}: name a field of {}[{}]", o.path, step, key);
      record(f, found_at);
      m = found;
    } else {
      if (keyed) return fmt::format("--set {}: '{}' is not a list; remove [{}]", o.path, step, key);
      if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
        gp::Message* sub = r->MutableMessage(m, f);
        record(f, -1);
        if (last) {
          // A sourced number takes the value directly.
          if (f->message_type()->full_name() == "jcsim.pb.Num") {
            record(f->message_type()->FindFieldByName("value"), -1);
            return set_scalar(*sub, f->message_type()->FindFieldByName("value"), o);
          }
          return fmt::format("--set {}: '{}' is a group of fields; name one of: {}", o.path, step,
                             fmt::join(field_names(f->message_type()), ", "));
        }
        m = sub;
      } else {
        if (!last) return fmt::format("--set {}: '{}' has no fields", o.path, step);
        record(f, -1);
        return set_scalar(*m, f, o);
      }
    }
    start = dot + 1;
  }
}

}  // namespace jcsim::scenario
