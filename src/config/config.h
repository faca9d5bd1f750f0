// The configuration file `.keysweep.yaml`: its schema, parsing and validation (README,
// "Configuration").
//
// A Config is plain data. Parsing reports every problem at once, each as "file:line: message";
// unknown and repeated keys are errors (util/yaml_reader.h), and yaml-cpp's exceptions stop here.
// Paths in the file are relative to the file's directory. A file found in the scanned tree is
// confined to it (config/paths.h); one given with --config is trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "util/result.h"

namespace ks::config {

inline constexpr std::string_view kConfigFileName = ".keysweep.yaml";

// A value and the line it was written on, for messages that point at it.
struct Located {
  std::string value;
  int line = 0;
};

struct Config {
  std::string file;        // where it was read from, for messages
  std::string dir;         // its directory: relative paths are resolved against it
  std::string confine_to;  // empty: trusted (--config); else every path must stay inside it
  std::vector<Located> allow_paths;    // allowlist.paths: globs (config/glob.h)
  std::vector<Located> allow_regexes;  // allowlist.regexes: RE2, searched in the secret
  std::vector<Located> stopwords;      // allowlist.stopwords: a secret containing one is dropped
  std::vector<Located> disabled_rules;
  std::vector<Located> extra_rules;  // rule files or directories, as written
  std::optional<uint64_t> max_file_size;
  std::optional<std::vector<Severity>> fail_on_severity;
  std::optional<Located> baseline;  // as written
};

// Parses `text`; `file` names it in messages, and its directory becomes Config::dir.
Result<Config> ParseConfig(std::string_view text, const std::string& file);

// The run's configuration: `explicit_file` (--config, trusted) when given, else
// `.keysweep.yaml` in `root` (confined to `root`); nullopt when neither exists. An empty `root`
// (a bare repository) has no configuration of its own.
Result<std::optional<Config>> LoadConfig(const std::string& explicit_file, const std::string& root);

// The rule files `extra_rules` names, in order (config/paths.h ListRuleFiles).
Result<std::vector<std::string>> RuleFiles(const Config& c);

// Where `baseline` points, checked like every path the file names.
Result<std::string> BaselinePath(const Config& c);

// "file:line: message", for problems found after parsing (an unknown disabled rule).
std::string Where(const Config& c, int line);

}  // namespace ks::config
