// The Rule model: one detector, as written in patterns/*.yaml.
//
// A Rule is plain data, validated by the loader (rule_loader.h). Its `pattern` is written in the
// syntax Hyperscan and RE2 share; the engine compiles it into both (engine/pattern_db.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
std::string_view SeverityName(Severity s);
bool ParseSeverity(std::string_view name, Severity* out);

// Which neighbouring bytes make a candidate secret part of a longer token instead.
enum class Boundary {
  kNone,
  kWord,    // [A-Za-z0-9_]
  kBase64,  // [A-Za-z0-9+/]: a key shape inside a base64 blob is not a key
};
std::string_view BoundaryName(Boundary b);
bool ParseBoundary(std::string_view name, Boundary* out);

struct SourceLoc {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  std::string ToString() const;
  bool operator==(const SourceLoc&) const = default;
};

// Cheap checks applied to the extracted secret after RE2 confirms a candidate.
struct RuleFilters {
  double min_entropy = 0.0;  // Shannon bits per byte
  int min_char_classes = 0;  // of lower, upper, digit, other
  bool reject_hex = false;   // a 40-hex git SHA is not a secret key
  Boundary boundary = Boundary::kNone;
  bool operator==(const RuleFilters&) const = default;
};

struct Rule {
  std::string id;
  std::string name;
  std::string description;
  std::string pattern;
  // Capture groups that may hold the secret; the first one that took part in the match wins, so
  // one rule can have alternatives (a keyword form and a bare shape). {0} = the whole match.
  std::vector<int> secret_groups{0};
  RuleFilters filters;
  Severity severity = Severity::kMedium;
  std::string playbook;
  std::vector<std::string> references;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;
  SourceLoc loc;          // where the rule starts
  SourceLoc pattern_loc;  // where its pattern is, for engine errors
  bool operator==(const Rule&) const = default;
};

}  // namespace ks
