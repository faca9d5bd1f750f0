#include "baseline/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/file.h"

namespace ks::baseline {
namespace {

using nlohmann::json;

bool IsFingerprint(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

auto ReadingOrder(const Entry& e) { return std::tie(e.path, e.rule, e.fingerprint); }

// A JSON string. Paths come from file names and git trees, which need not be UTF-8: invalid
// bytes become U+FFFD, as in JSON reports, instead of making nlohmann throw (and `baseline
// create` abort). The path is only informational; the fingerprint is what is matched.
std::string Quoted(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

Error Damaged(const std::string& name, const std::string& why) {
  return MakeError(ErrorKind::kInput,
                   fmt::format("{}: not a keysweep baseline ({}); re-create it with `keysweep "
                               "baseline create`",
                               name, why));
}

// Strict: a baseline silences findings, so a file that is not quite ours is an error, not a
// guess.
Result<Entry> ParseEntry(const json& j, size_t i, const std::string& name) {
  const std::string where = fmt::format("entry {}", i + 1);
  if (!j.is_object() || j.size() != 4 || !j.contains("fingerprint") || !j.contains("rule") ||
      !j.contains("path") || !j.contains("commit")) {
    return Damaged(name, where + " must have exactly fingerprint, rule, path and commit");
  }
  const json& fp = j["fingerprint"];
  if (!fp.is_string() || !IsFingerprint(fp.get<std::string>())) {
    return Damaged(name, where + ": fingerprint must be 64 lowercase hex digits");
  }
  const json& commit = j["commit"];
  if (!j["rule"].is_string() || !j["path"].is_string() ||
      !(commit.is_string() || commit.is_null())) {
    return Damaged(name, where + ": rule and path must be strings, commit a string or null");
  }
  Entry e{fp.get<std::string>(), j["rule"].get<std::string>(), j["path"].get<std::string>(), {}};
  if (commit.is_string()) e.commit = commit.get<std::string>();
  return e;
}

}  // namespace

Entry EntryFor(const Finding& f) { return Entry{f.fingerprint, f.rule, f.path, f.commit}; }

std::vector<Entry> Normalize(std::vector<Entry> entries) {
  std::sort(entries.begin(), entries.end());  // by fingerprint, then the smallest path first
  entries.erase(
      std::unique(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.fingerprint == b.fingerprint; }),
      entries.end());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return ReadingOrder(a) < ReadingOrder(b); });
  return entries;
}

std::string Serialize(const std::vector<Entry>& entries) {
  std::string out =
      fmt::format("{{\n  \"keysweep_baseline\": {},\n  \"entries\": [", kFormatVersion);
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const std::string commit = e.commit ? Quoted(*e.commit) : "null";
    out += fmt::format(
        "{}\n    {{\"fingerprint\": {}, \"rule\": {}, \"path\": {}, \"commit\": {}}}",
        i == 0 ? "" : ",", Quoted(e.fingerprint), Quoted(e.rule), Quoted(e.path), commit);
  }
  out += entries.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

Result<std::vector<Entry>> Parse(std::string_view text, const std::string& name) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Damaged(name, "invalid JSON");
  if (!doc.is_object() || doc.value("keysweep_baseline", json()) != json(kFormatVersion) ||
      !doc.contains("entries") || !doc["entries"].is_array()) {
    return Damaged(name, fmt::format("expected {{\"keysweep_baseline\": {}, \"entries\": [...]}}",
                                     kFormatVersion));
  }
  std::vector<Entry> entries;
  for (size_t i = 0; i < doc["entries"].size(); ++i) {
    auto e = ParseEntry(doc["entries"][i], i, name);
    if (!e.ok()) return e.error();
    entries.push_back(std::move(e).value());
  }
  return entries;
}

Result<std::vector<Entry>> Load(const std::string& path) {
  auto text = ReadRegularFile(path);
  if (!text.ok()) {
    return MakeError(ErrorKind::kInput,
                     fmt::format("cannot read the baseline: {}", text.error().message));
  }
  return Parse(*text, path);
}

std::set<std::string> Fingerprints(const std::vector<Entry>& entries) {
  std::set<std::string> out;
  for (const Entry& e : entries) out.insert(e.fingerprint);
  return out;
}

std::vector<Entry> Prune(const std::vector<Entry>& entries, const std::set<std::string>& found) {
  std::vector<Entry> kept;
  std::copy_if(entries.begin(), entries.end(), std::back_inserter(kept),
               [&](const Entry& e) { return found.contains(e.fingerprint); });
  return kept;
}

}  // namespace ks::baseline
