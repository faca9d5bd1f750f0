#include "report/reporter.h"

#include <fmt/format.h>

#include <functional>
#include <utility>

#include "report/json_reporter.h"
#include "report/jsonl_reporter.h"
#include "report/sarif_reporter.h"
#include "report/text_reporter.h"

namespace ks {
namespace {

using Factory = std::function<std::unique_ptr<Reporter>(const ReportOptions&, std::ostream&)>;

template <typename T>
Factory Make() {
  return [](const ReportOptions& o, std::ostream& out) { return std::make_unique<T>(o, out); };
}

// The registry: a new format is one file pair and one line here.
const std::vector<std::pair<std::string, Factory>>& Registry() {
  static const std::vector<std::pair<std::string, Factory>> kRegistry = {
      {"text", Make<TextReporter>()},
      {"json", Make<JsonReporter>()},
      {"jsonl", Make<JsonlReporter>()},
      {"sarif", Make<SarifReporter>()},
  };
  return kRegistry;
}

std::string HumanBytes(uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (1u << 20)) return fmt::format("{:.1f} KiB", n / 1024.0);
  if (n < (1u << 30)) return fmt::format("{:.1f} MiB", n / 1048576.0);
  return fmt::format("{:.2f} GiB", n / 1073741824.0);
}

}  // namespace

Result<std::unique_ptr<Reporter>> MakeReporter(const std::string& format, const ReportOptions& opts,
                                               std::ostream& out) {
  for (const auto& [name, factory] : Registry()) {
    if (name == format) return factory(opts, out);
  }
  return MakeError(ErrorKind::kUsage, fmt::format("unknown format '{}'", format));
}

std::vector<std::string> ReporterFormats() {
  std::vector<std::string> names;
  for (const auto& entry : Registry()) names.push_back(entry.first);
  return names;
}

RuleInfo ConfigChangedRuleInfo() {
  RuleInfo r;
  r.id = std::string(kConfigChangedRule);
  r.name = "keysweep configuration changed";
  r.description =
      "A commit in the scanned range changes one of the repository's keysweep settings "
      "(.keysweep.yaml, .gitleaksignore, or the baseline or rule files the configuration "
      "names). A range scan reads them as committed at the range's base, so the change did not "
      "weaken this scan; it applies to every scan once merged, so review it.";
  r.severity = Severity::kLow;
  return r;
}

std::string DisplaySecret(const Finding& f, const ReportOptions& opts) {
  if (f.secret.size() == 0) return "";  // a finding without a secret (config-changed)
  return opts.show_secrets ? f.secret.Reveal() : f.secret.Redacted();
}

std::string SummaryLine(const Summary& s) {
  const std::string blobs = fmt::format("{} {}", s.blobs_scanned, s.files ? "files" : "blobs");
  std::string line =
      fmt::format("keysweep: scanned {} in {}, {} commits; {} findings in {} ms",
                  HumanBytes(s.bytes_scanned), blobs, s.commits_scanned, s.findings, s.elapsed_ms);
  if (s.verified) line += fmt::format(", {} live", s.live);
  if (s.skipped) line += fmt::format("; {} skipped", s.skipped);
  if (s.errors) line += fmt::format("; {} errors", s.errors);
  return line;
}

}  // namespace ks
