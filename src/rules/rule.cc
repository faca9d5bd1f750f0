#include "rules/rule.h"

#include <array>
#include <utility>

namespace ks {
namespace {

constexpr std::array<std::pair<std::string_view, Severity>, 5> kSeverities{{
    {"info", Severity::kInfo},
    {"low", Severity::kLow},
    {"medium", Severity::kMedium},
    {"high", Severity::kHigh},
    {"critical", Severity::kCritical},
}};

constexpr std::array<std::pair<std::string_view, Boundary>, 3> kBoundaries{{
    {"none", Boundary::kNone},
    {"word", Boundary::kWord},
    {"base64", Boundary::kBase64},
}};

template <typename Table, typename Value>
std::string_view NameOf(const Table& table, Value v) {
  for (const auto& [name, value] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename Table, typename Value>
bool Parse(const Table& table, std::string_view name, Value* out) {
  for (const auto& [n, value] : table) {
    if (n == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view SeverityName(Severity s) { return NameOf(kSeverities, s); }
bool ParseSeverity(std::string_view name, Severity* out) { return Parse(kSeverities, name, out); }
std::string_view BoundaryName(Boundary b) { return NameOf(kBoundaries, b); }
bool ParseBoundary(std::string_view name, Boundary* out) { return Parse(kBoundaries, name, out); }

std::string SourceLoc::ToString() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

}  // namespace ks
