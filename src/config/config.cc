#include "config/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "config/glob.h"
#include "config/paths.h"
#include "util/file.h"
#include "util/yaml_reader.h"

namespace ks::config {
namespace fs = std::filesystem;

namespace {

// A configuration is a few lines; a repository that commits a huge one gets an error, not an
// allocation of whatever size it chose.
constexpr uint64_t kMaxConfigBytes = uint64_t{4} << 20;

const std::set<std::string> kTopKeys = {"allowlist",     "disabled_rules",   "extra_rules",
                                        "max_file_size", "fail_on_severity", "baseline"};
const std::set<std::string> kAllowlistKeys = {"paths", "regexes", "stopwords"};

// Collects every problem of one file; each Get* leaves the field unset when it fails.
class Parser {
 public:
  explicit Parser(const std::string& file) { config_.file = file; }
  Result<Config> Parse(std::string_view text);

 private:
  void Fail(const YAML::Node& n, const std::string& msg) {
    errors_.push_back(FileLineMessage(config_.file, std::max(1, YamlLine(n)), msg));
  }
  void CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed, const char* what);
  void ParseTop(const YAML::Node& root);
  void ParseAllowlist(const YAML::Node& n);
  void GetList(const YAML::Node& map, const char* key, std::vector<Located>* out);
  void CheckGlobLengths(const YAML::Node& list);
  void GetMaxFileSize(const YAML::Node& map);
  void GetSeverities(const YAML::Node& map);
  void GetBaseline(const YAML::Node& map);

  Config config_;
  std::vector<std::string> errors_;
};

Result<Config> Parser::Parse(std::string_view text) {
  auto parsed = ParseYaml(std::string(text), config_.file);
  if (!parsed.ok()) return MakeError(ErrorKind::kUsage, parsed.error().message);
  const YAML::Node& root = parsed.value();
  if (root.IsNull()) return config_;  // an empty file configures nothing
  if (!root.IsMap()) {
    return MakeError(ErrorKind::kUsage, fmt::format("{}:1: expected a mapping", config_.file));
  }
  const Status walked = GuardYaml(config_.file, [&] { ParseTop(root); });
  if (!walked) errors_.push_back(walked.error().message);
  if (!errors_.empty()) return YamlProblems(ErrorKind::kUsage, errors_);
  return config_;
}

void Parser::CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                       const char* what) {
  for (const YamlKeyProblem& p : CheckYamlKeys(map, allowed, what)) Fail(p.key, p.message);
}

void Parser::ParseTop(const YAML::Node& root) {
  CheckKeys(root, kTopKeys, "configuration");
  if (const YAML::Node a = root["allowlist"]) ParseAllowlist(a);
  GetList(root, "disabled_rules", &config_.disabled_rules);
  GetList(root, "extra_rules", &config_.extra_rules);
  GetMaxFileSize(root);
  GetSeverities(root);
  GetBaseline(root);
}

void Parser::ParseAllowlist(const YAML::Node& n) {
  if (!n.IsMap()) return Fail(n, "'allowlist' must be a mapping of paths, regexes and stopwords");
  CheckKeys(n, kAllowlistKeys, "allowlist");
  GetList(n, "paths", &config_.allow_paths);
  CheckGlobLengths(n["paths"]);
  GetList(n, "regexes", &config_.allow_regexes);
  GetList(n, "stopwords", &config_.stopwords);
}

void Parser::GetList(const YAML::Node& map, const char* key, std::vector<Located>* out) {
  const YAML::Node n = map[key];
  if (!n) return;
  if (!n.IsSequence()) return Fail(n, fmt::format("'{}' must be a list of strings", key));
  for (const YAML::Node& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      Fail(item, fmt::format("every entry of '{}' must be a non-empty string", key));
      continue;
    }
    out->push_back(Located{item.Scalar(), YamlLine(item)});
  }
}

// The glob matcher's cost grows with the pattern (config/glob.h): a longer glob is an error
// rather than a crash or a hang on a hostile repository's configuration.
void Parser::CheckGlobLengths(const YAML::Node& list) {
  if (!list || !list.IsSequence()) return;
  for (const YAML::Node& item : list) {
    if (item.IsScalar() && item.Scalar().size() > kMaxGlobLength) {
      Fail(item,
           fmt::format("allowlist paths: a glob may be at most {} bytes long", kMaxGlobLength));
    }
  }
}

void Parser::GetMaxFileSize(const YAML::Node& map) {
  const YAML::Node n = map["max_file_size"];
  if (!n) return;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  const bool digits = !s.empty() && s.size() <= 19 &&
                      std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return Fail(n, "'max_file_size' must be a number of bytes");
  config_.max_file_size = std::stoull(s);
}

void Parser::GetSeverities(const YAML::Node& map) {
  std::vector<Located> names;
  GetList(map, "fail_on_severity", &names);
  if (!map["fail_on_severity"] || !map["fail_on_severity"].IsSequence()) return;
  std::vector<Severity> severities;
  for (const Located& name : names) {
    Severity s;
    if (ParseSeverity(name.value, &s)) {
      severities.push_back(s);
    } else {
      errors_.push_back(
          fmt::format("{}:{}: unknown severity '{}' (info, low, medium, high, "
                      "critical)",
                      config_.file, name.line, name.value));
    }
  }
  config_.fail_on_severity = std::move(severities);
}

void Parser::GetBaseline(const YAML::Node& map) {
  const YAML::Node n = map["baseline"];
  if (!n) return;
  if (!n.IsScalar() || n.Scalar().empty()) return Fail(n, "'baseline' must be a file name");
  config_.baseline = Located{n.Scalar(), YamlLine(n)};
}

Result<std::optional<Config>> ReadConfig(const std::string& file, const std::string& confine_to) {
  auto text = ReadRegularFile(file, kMaxConfigBytes);
  if (!text.ok()) {
    return MakeError(ErrorKind::kUsage,
                     fmt::format("cannot read the configuration: {}", text.error().message));
  }
  auto config = ParseConfig(*text, file);
  if (!config.ok()) return config.error();
  config->confine_to = confine_to;
  return std::optional<Config>(std::move(config).value());
}

}  // namespace

Result<Config> ParseConfig(std::string_view text, const std::string& file) {
  auto config = Parser(file).Parse(text);
  if (config.ok()) config->dir = fs::path(file).parent_path().string();
  return config;
}

Result<std::optional<Config>> LoadConfig(const std::string& explicit_file,
                                         const std::string& root) {
  if (!explicit_file.empty()) return ReadConfig(explicit_file, "");
  if (root.empty()) return std::optional<Config>();
  const std::string file = (fs::path(root) / kConfigFileName).string();
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file, ec))) return std::optional<Config>();
  if (!IsInside(file, root)) {
    return MakeError(
        ErrorKind::kUsage,
        fmt::format("{}: a link that leads outside {} (or nowhere); not reading it", file, root));
  }
  return ReadConfig(file, root);
}

std::string Where(const Config& c, int line) { return fmt::format("{}:{}", c.file, line); }

Result<std::vector<std::string>> RuleFiles(const Config& c) {
  std::vector<std::string> files;
  for (const Located& entry : c.extra_rules) {
    auto path = ResolvePath(c.dir, entry.value, c.confine_to);
    auto listed = path.ok() ? ListRuleFiles(*path, c.confine_to) : path.error();
    if (!listed.ok()) {
      return MakeError(ErrorKind::kUsage, fmt::format("{}: extra_rules: {}", Where(c, entry.line),
                                                      listed.error().message));
    }
    files.insert(files.end(), listed->begin(), listed->end());
  }
  return files;
}

Result<std::string> BaselinePath(const Config& c) {
  if (!c.baseline) return MakeError(ErrorKind::kInternal, "no baseline configured");
  auto path = ResolvePath(c.dir, c.baseline->value, c.confine_to);
  if (!path.ok()) {
    return MakeError(ErrorKind::kUsage, fmt::format("{}: baseline: {}", Where(c, c.baseline->line),
                                                    path.error().message));
  }
  return path;
}

}  // namespace ks::config
