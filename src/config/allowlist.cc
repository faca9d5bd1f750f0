#include "config/allowlist.h"

#include <fmt/format.h>

#include <algorithm>

#include "config/glob.h"
#include "util/text.h"

namespace ks::config {

Result<Allowlist> Allowlist::Create(const Config& c) {
  Allowlist a;
  for (const Located& p : c.allow_paths) a.paths_.push_back(p.value);
  for (const Located& s : c.stopwords) a.stopwords_.push_back(AsciiLower(s.value));
  RE2::Options options;
  options.set_log_errors(false);
  for (const Located& r : c.allow_regexes) {
    auto re = std::make_unique<RE2>(r.value, options);
    if (!re->ok()) {
      return MakeError(ErrorKind::kUsage, fmt::format("{}: allowlist regex '{}': {}",
                                                      Where(c, r.line), r.value, re->error()));
    }
    a.regexes_.push_back(std::move(re));
  }
  return a;
}

bool Allowlist::AllowsPath(std::string_view path) const {
  return std::any_of(paths_.begin(), paths_.end(),
                     [&](const std::string& p) { return PathGlobMatches(p, path); });
}

bool Allowlist::AllowsSecret(std::string_view secret) const {
  const bool by_regex = std::any_of(regexes_.begin(), regexes_.end(),
                                    [&](const auto& re) { return RE2::PartialMatch(secret, *re); });
  if (by_regex || stopwords_.empty()) return by_regex;
  const std::string lower = AsciiLower(secret);
  return std::any_of(stopwords_.begin(), stopwords_.end(),
                     [&](const std::string& w) { return lower.find(w) != std::string::npos; });
}

}  // namespace ks::config
