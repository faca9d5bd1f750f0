// Fuzz target: the configuration parser (config/config.h) on arbitrary text, as a repository's
// `.keysweep.yaml`: whoever can push to a repository writes it, so it is hostile input.
// yaml-cpp's exceptions must stop inside ParseConfig and every error must name the file; a
// configuration it accepts must give an allowlist that compiles or fails cleanly, whose globs,
// regexes and stopwords then run on any path or secret (RE2 and the memoised glob matcher keep
// that linear).
#include "config/config.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "config/allowlist.h"
#include "config/glob.h"
#include "fuzz_check.h"

namespace {

constexpr char kFile[] = "repo/.keysweep.yaml";

// A pattern with no glob syntax and no leading or trailing '/' or './' names exactly itself.
bool IsPlainPath(std::string_view p) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (p.empty() || !alnum(p.front()) || !alnum(p.back())) return false;
  for (char c : p) {
    if (!alnum(c) && c != '.' && c != '_' && c != '-' && c != '/') return false;
  }
  return true;
}

void CheckLocated(const std::vector<ks::config::Located>& list) {
  for (const ks::config::Located& l : list) {
    FUZZ_CHECK(!l.value.empty());
    FUZZ_CHECK(l.line >= 1);
  }
}

void CheckAllowlist(const ks::config::Config& c) {
  auto allow = ks::config::Allowlist::Create(c);
  if (!allow.ok()) {
    FUZZ_CHECK(allow.error().message.starts_with(kFile));
    return;
  }
  for (std::string_view path : {"", "a", "tests/fixtures/creds.env", "./x/../y//z.md", "/abs"}) {
    (void)allow->AllowsPath(path);
  }
  for (const ks::config::Located& p : c.allow_paths) {
    (void)allow->AllowsPath(p.value);  // a pattern as a path: every kind of character in both
    if (IsPlainPath(p.value)) FUZZ_CHECK(ks::config::PathGlobMatches(p.value, p.value));
  }
  (void)allow->AllowsSecret("AKIAIOSFODNN7EXAMPLE");
  // A secret that is a stopword contains it.
  for (const ks::config::Located& w : c.stopwords) FUZZ_CHECK(allow->AllowsSecret(w.value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config = ks::config::ParseConfig(ks::fuzz::AsText(data, size), kFile);
  if (!config.ok()) {
    FUZZ_CHECK(config.error().kind == ks::ErrorKind::kUsage);
    FUZZ_CHECK(config.error().message.starts_with(kFile));
    return 0;
  }
  const ks::config::Config& c = config.value();
  FUZZ_CHECK(c.file == kFile);
  FUZZ_CHECK(c.dir == "repo");
  for (const auto* list :
       {&c.allow_paths, &c.allow_regexes, &c.stopwords, &c.disabled_rules, &c.extra_rules}) {
    CheckLocated(*list);
  }
  if (c.baseline) FUZZ_CHECK(!c.baseline->value.empty() && c.baseline->line >= 1);
  CheckAllowlist(c);
  return 0;
}
