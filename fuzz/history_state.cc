// Fuzz target: the --state file (history/history_state.h), which a nightly job reads back from
// a cache it does not fully control. Loading any bytes either fails with a kInput error that
// says the file is not a state file, or gives a state whose blob tables are sorted and whose
// every id it knows. A loaded state must survive a save: read back, it has the same key, tables
// and blobs (plus the one new blob the save added), and no cut-short tail.
#include "history/history_state.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_check.h"

namespace {

// One private directory per process, made on first use; each input overwrites its two files.
const std::string& Dir() {
  static const std::string dir = [] {
    std::string t = "/tmp/ks-fuzz-state-XXXXXX";
    FUZZ_CHECK(::mkdtemp(t.data()) != nullptr);
    return t;
  }();
  return dir;
}

ks::git::Oid Fresh(const std::vector<ks::git::Oid>& known) {
  ks::git::Oid id;
  id.bytes.fill(0xff);
  while (std::binary_search(known.begin(), known.end(), id)) --id.bytes[19];
  return id;
}

void CheckRoundTrip(ks::HistoryState& s) {
  const std::vector<ks::git::Oid> before = s.blobs();
  for (const ks::git::Oid& id : before) FUZZ_CHECK(s.KnowsBlob(id));
  const ks::git::Oid added = Fresh(before);
  s.new_blobs = {added};
  const std::string saved = Dir() + "/saved";
  FUZZ_CHECK(ks::SaveHistoryState(saved, s));
  auto again = ks::LoadHistoryState(saved);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->key == s.key && !again->tail.cut_short);
  FUZZ_CHECK(again->known_commits == s.known_commits && again->peeled_refs == s.peeled_refs);
  FUZZ_CHECK(again->finding_blobs.size() == s.finding_blobs.size());
  std::vector<ks::git::Oid> expected = before;
  expected.insert(std::lower_bound(expected.begin(), expected.end(), added), added);
  FUZZ_CHECK(again->blobs() == expected);
  ::unlink(saved.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = Dir() + "/input";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  auto loaded = ks::LoadHistoryState(path);
  if (!loaded.ok()) {
    FUZZ_CHECK(loaded.error().kind == ks::ErrorKind::kInput);
    FUZZ_CHECK(loaded.error().message.find("not a keysweep state file") != std::string::npos);
    return 0;
  }
  for (const ks::git::SortedOids& run : loaded->blob_runs) {
    FUZZ_CHECK(ks::git::SortedOids::From(run.raw()).has_value());
  }
  if (!loaded->key.empty()) CheckRoundTrip(*loaded);
  return 0;
}
