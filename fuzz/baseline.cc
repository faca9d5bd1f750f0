// Fuzz target: the two files that silence findings, read from the scanned repository: the
// baseline (`.keysweep-baseline.json`, baseline/baseline.h) and `.gitleaksignore`
// (baseline/gitleaks_ignore.h). Each input is given to both parsers. Neither may crash or
// throw. A baseline that parses must survive Normalize and Serialize unchanged in meaning (what
// `baseline prune` writes must read back as the same entries); every `.gitleaksignore` entry
// must match the finding it names. The input is also written as an entry's path and read back:
// paths come from git and need not be UTF-8.
#include "baseline/baseline.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "baseline/gitleaks_ignore.h"
#include "fuzz_check.h"

namespace {

constexpr char kName[] = "repo/.keysweep-baseline.json";

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void FuzzBaseline(std::string_view text) {
  auto entries = ks::baseline::Parse(text, kName);
  if (!entries.ok()) {
    FUZZ_CHECK(entries.error().kind == ks::ErrorKind::kInput);
    FUZZ_CHECK(entries.error().message.starts_with(kName));
    return;
  }
  for (const ks::baseline::Entry& e : entries.value()) {
    FUZZ_CHECK(e.fingerprint.size() == 64 && IsLowerHex(e.fingerprint));
  }
  const std::vector<ks::baseline::Entry> normal = ks::baseline::Normalize(entries.value());
  FUZZ_CHECK(ks::baseline::Normalize(normal) == normal);
  FUZZ_CHECK(ks::baseline::Fingerprints(normal) == ks::baseline::Fingerprints(entries.value()));
  auto reread = ks::baseline::Parse(ks::baseline::Serialize(normal), kName);
  FUZZ_CHECK(reread.ok());
  FUZZ_CHECK(reread.value() == normal);
}

void FuzzGitleaksIgnore(std::string_view text) {
  const ks::baseline::GitleaksIgnoreFile file = ks::baseline::ParseGitleaksIgnore(text);
  int previous = 0;
  for (int line : file.bad_lines) {
    FUZZ_CHECK(line > previous);
    previous = line;
  }
  const ks::baseline::GitleaksIgnore ignore(file.entries);
  FUZZ_CHECK(ignore.size() == file.entries.size());
  for (const ks::baseline::GitleaksFingerprint& e : file.entries) {
    FUZZ_CHECK(!e.path.empty() && !e.rule.empty() && e.line > 0);
    FUZZ_CHECK(e.commit.empty() ||
               (e.commit.size() >= 7 && e.commit.size() <= 40 && IsLowerHex(e.commit)));
    const std::optional<std::string> commit =
        e.commit.empty() ? std::nullopt : std::optional<std::string>(e.commit + "0");
    FUZZ_CHECK(ignore.Matches(e.path, e.line, commit));
  }
}

void FuzzSerialize(std::string_view text) {
  const ks::baseline::Entry e{std::string(64, 'a'), "aws-access-key-id", std::string(text),
                              std::string(text.substr(0, 40))};
  auto reread = ks::baseline::Parse(ks::baseline::Serialize({e}), kName);
  FUZZ_CHECK(reread.ok());
  FUZZ_CHECK(reread->size() == 1 && reread->front().fingerprint == e.fingerprint);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = ks::fuzz::AsText(data, size);
  FuzzBaseline(text);
  FuzzGitleaksIgnore(text);
  FuzzSerialize(text);
  return 0;
}
