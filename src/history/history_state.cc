#include "history/history_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/sha256.h"
#include "util/unique_fd.h"

namespace ks {
namespace {

using Json = nlohmann::json;
constexpr int kVersion = 3;
constexpr size_t kCommitSize = git::Oid::kSize + 8;
constexpr size_t kPeeledSize = 2 * git::Oid::kSize + 1;

Json CommitJson(const CommitInfo& c) {
  return Json{{"id", c.id},     {"author", c.author}, {"email", c.email},
              {"date", c.date}, {"time", c.time},     {"generation", c.generation}};
}

CommitInfo CommitFrom(const Json& j) {
  return CommitInfo{j.at("id").get<std::string>(),    j.at("author").get<std::string>(),
                    j.at("email").get<std::string>(), j.at("date").get<std::string>(),
                    j.at("time").get<int64_t>(),      j.at("generation").get<uint64_t>()};
}

// ---- the binary tables

void PutOid(std::string* out, const git::Oid& id) {
  out->append(reinterpret_cast<const char*>(id.bytes.data()), git::Oid::kSize);
}

git::Oid GetOid(const char* p) {
  git::Oid id;
  std::memcpy(id.bytes.data(), p, git::Oid::kSize);
  return id;
}

void PutTime(std::string* out, int64_t time) {
  const auto bits = static_cast<uint64_t>(time);
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(bits >> (8 * i)));
}

int64_t GetTime(const char* p) {
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return static_cast<int64_t>(bits);
}

std::string CommitTable(const std::vector<git::KnownCommit>& commits) {
  std::string out;
  out.reserve(commits.size() * kCommitSize);
  for (const git::KnownCommit& c : commits) {
    PutOid(&out, c.id);
    PutTime(&out, c.time);
  }
  return out;
}

std::string PeeledTable(const std::vector<git::Tip>& tips) {
  std::string out;
  out.reserve(tips.size() * kPeeledSize);
  for (const git::Tip& t : tips) {
    PutOid(&out, t.ref_target);
    PutOid(&out, t.id);
    out.push_back(static_cast<char>(t.type));
  }
  return out;
}

template <typename T, typename Key>
bool StrictlySorted(const std::vector<T>& v, Key key) {
  return std::adjacent_find(v.begin(), v.end(),
                            [&](const T& a, const T& b) { return !(key(a) < key(b)); }) == v.end();
}

std::optional<std::vector<git::KnownCommit>> ReadCommits(std::string_view raw) {
  std::vector<git::KnownCommit> commits;
  commits.reserve(raw.size() / kCommitSize);
  for (size_t i = 0; i < raw.size(); i += kCommitSize) {
    commits.push_back({GetOid(raw.data() + i), GetTime(raw.data() + i + git::Oid::kSize)});
  }
  if (!StrictlySorted(commits, [](const git::KnownCommit& c) { return c.id; })) return std::nullopt;
  return commits;
}

std::optional<std::vector<git::Tip>> ReadPeeled(std::string_view raw) {
  std::vector<git::Tip> tips;
  tips.reserve(raw.size() / kPeeledSize);
  for (size_t i = 0; i < raw.size(); i += kPeeledSize) {
    const auto type = static_cast<uint8_t>(raw[i + 2 * git::Oid::kSize]);
    if (type > static_cast<uint8_t>(git::ObjectType::kBlob)) return std::nullopt;
    tips.push_back(git::Tip{GetOid(raw.data() + i + git::Oid::kSize),
                            static_cast<git::ObjectType>(type), GetOid(raw.data() + i)});
  }
  if (!StrictlySorted(tips, [](const git::Tip& t) { return t.ref_target; })) return std::nullopt;
  return tips;
}

// ---- the header

Json Header(const HistoryState& s, size_t blobs) {
  Json found = Json::object();
  for (const auto& [blob, intros] : s.finding_blobs) {
    Json list = Json::array();
    for (const Introduction& in : intros) {
      list.push_back(Json{{"commit", CommitJson(in.commit)}, {"path", in.path}});
    }
    found[blob] = std::move(list);
  }
  Json messages = Json::array();
  for (const CommitInfo& c : s.finding_messages) messages.push_back(CommitJson(c));
  return Json{
      {"keysweep_state", kVersion},
      {"key", s.key},
      {"finding_blobs", std::move(found)},
      {"finding_messages", std::move(messages)},
      {"tables",
       {{"commits", s.known_commits.size()}, {"peeled", s.peeled_refs.size()}, {"blobs", blobs}}}};
}

void ReadHeader(const Json& j, HistoryState* s) {
  s->key = j.at("key").get<std::string>();
  for (const auto& [blob, list] : j.at("finding_blobs").items()) {
    auto& intros = s->finding_blobs[blob];
    for (const Json& in : list) {
      intros.push_back(Introduction{CommitFrom(in.at("commit")), in.at("path").get<std::string>()});
    }
  }
  for (const Json& c : j.at("finding_messages")) s->finding_messages.push_back(CommitFrom(c));
}

Error Malformed(const std::string& path, const std::string& why) {
  return MakeError(ErrorKind::kInput,
                   path + ": not a keysweep state file (" + why + "); delete it for a full scan");
}

// The bytes the three tables take, from the counts in `tables`; nullopt if they cannot fit in
// `room` bytes (which also keeps the products from overflowing).
std::optional<size_t> TableBytes(const Json& tables, size_t room) {
  const auto commits = tables.at("commits").get<size_t>();
  const auto peeled = tables.at("peeled").get<size_t>();
  const auto blobs = tables.at("blobs").get<size_t>();
  if (commits > room || peeled > room || blobs > room) return std::nullopt;
  const size_t bytes = commits * kCommitSize + peeled * kPeeledSize + blobs * git::Oid::kSize;
  if (bytes > room) return std::nullopt;
  return bytes;
}

// The three tables, exactly `raw`; the blob table stays a view and is added as a run.
Status ReadTables(const Json& tables, std::string_view raw, HistoryState* s) {
  const size_t commit_bytes = tables.at("commits").get<size_t>() * kCommitSize;
  const size_t peeled_bytes = tables.at("peeled").get<size_t>() * kPeeledSize;
  auto known = ReadCommits(raw.substr(0, commit_bytes));
  auto tips = ReadPeeled(raw.substr(commit_bytes, peeled_bytes));
  auto scanned = git::SortedOids::From(raw.substr(commit_bytes + peeled_bytes));
  if (!known || !tips || !scanned) return MakeError(ErrorKind::kInput, "a table is not sorted");
  s->known_commits = std::move(*known);
  s->peeled_refs = std::move(*tips);
  s->blob_runs.push_back(*scanned);
  return {};
}

// A segment's header line and where its tables start; nullopt without a newline or valid JSON.
struct Segment {
  Json header;
  std::string_view body;  // everything after the header line
};

std::optional<Segment> SplitSegment(std::string_view bytes) {
  const size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  Json header = Json::parse(bytes.substr(0, nl), nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) return std::nullopt;
  return Segment{std::move(header), bytes.substr(nl + 1)};
}

// The update at the start of `bytes`: its length, or 0 if it is not whole (cut short while it
// was appended, so its checksum or its length does not hold). A whole update that contradicts
// the base is an error.
Result<size_t> ReadUpdate(std::string_view bytes, HistoryState* s) {
  auto seg = SplitSegment(bytes);
  if (!seg || !seg->header.contains("keysweep_state_update")) return size_t{0};
  const Json& h = seg->header;
  const auto length = TableBytes(h.at("tables"), seg->body.size());
  if (!length || h.at("sha256").get<std::string>() != Sha256Hex(seg->body.substr(0, *length))) {
    return size_t{0};
  }
  if (h.at("key").get<std::string>() != s->key) {
    return MakeError(ErrorKind::kInput, "an update was made with other rules");
  }
  s->finding_blobs.clear();
  s->finding_messages.clear();
  ReadHeader(h, s);
  if (Status t = ReadTables(h.at("tables"), seg->body.substr(0, *length), s); !t) return t.error();
  return static_cast<size_t>(seg->body.data() - bytes.data()) + *length;
}

// The updates after the base, up to the first one that is not whole.
Status ReadUpdates(std::string_view bytes, HistoryState* s) {
  size_t at = s->tail.base_bytes;
  while (at < bytes.size()) {
    auto used = ReadUpdate(bytes.substr(at), s);
    if (!used.ok()) return used.error();
    if (*used == 0) {
      s->tail.cut_short = true;
      break;
    }
    at += *used;
    ++s->tail.updates;
  }
  s->tail.end = at;
  return {};
}

// The base segment: its header and tables.
Status ReadBase(const Segment& seg, std::string_view bytes, HistoryState* s) {
  ReadHeader(seg.header, s);
  const auto length = TableBytes(seg.header.at("tables"), seg.body.size());
  if (!length) return MakeError(ErrorKind::kInput, "tables do not match their lengths");
  if (Status t = ReadTables(seg.header.at("tables"), seg.body.substr(0, *length), s); !t) return t;
  s->tail.base_bytes = static_cast<size_t>(seg.body.data() - bytes.data()) + *length;
  return {};
}

// Parses the loaded file; `s->file` holds its bytes.
Status Parse(const std::string& path, HistoryState* s, bool* older) {
  const std::string_view bytes = s->file.bytes();
  if (bytes.find('\n') == std::string_view::npos) return Malformed(path, "no header");
  auto seg = SplitSegment(bytes);
  if (!seg || !seg->header.contains("keysweep_state") ||
      !seg->header["keysweep_state"].is_number_integer()) {
    return Malformed(path, "bad header");
  }
  const int version = seg->header["keysweep_state"].get<int>();
  if (version == 1) {
    if (older != nullptr) *older = true;
    *s = HistoryState{};
    return {};
  }
  if (version != kVersion && version != 2) return Malformed(path, "another version");
  try {
    s->tail.version = version;
    Status t = ReadBase(*seg, bytes, s);
    if (t) t = ReadUpdates(bytes, s);
    if (!t) return Malformed(path, t.error().message);
  } catch (const Json::exception& e) {
    return Malformed(path, e.what());
  }
  return {};
}

// ---- writing

// This run's blobs, sorted, without those the loaded tables already have.
std::vector<git::Oid> Added(const HistoryState& s) {
  std::vector<git::Oid> added = s.new_blobs;
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  std::erase_if(added, [&](const git::Oid& id) { return s.KnowsBlob(id); });
  return added;
}

std::string_view Bytes(const std::vector<git::Oid>& ids) {
  return {reinterpret_cast<const char*>(ids.data()), ids.size() * git::Oid::kSize};
}
static_assert(sizeof(git::Oid) == git::Oid::kSize, "an id vector is its raw bytes");

// Every known id and `added`, merged in order: what a rewrite stores as its one blob table.
std::vector<git::Oid> AllBlobs(const HistoryState& s, const std::vector<git::Oid>& added) {
  std::vector<git::Oid> all = s.blobs();
  const auto known = static_cast<std::ptrdiff_t>(all.size());
  all.insert(all.end(), added.begin(), added.end());
  std::inplace_merge(all.begin(), all.begin() + known, all.end());
  return all;
}

// A whole segment: the header line, then the tables. An update's header carries their digest.
std::string SegmentBytes(const HistoryState& s, const std::vector<git::Oid>& blobs, bool update) {
  std::string tables = CommitTable(s.known_commits);
  tables.append(PeeledTable(s.peeled_refs)).append(Bytes(blobs));
  Json header = Header(s, blobs.size());
  if (update) {
    header.erase("keysweep_state");
    header["keysweep_state_update"] = s.tail.updates + 1;
    header["sha256"] = Sha256Hex(tables);
  }
  std::string out = header.dump();
  out.push_back('\n');
  out.append(tables);
  return out;
}

bool WriteAll(int fd, std::string_view bytes, off_t at) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
    at += n;
  }
  return true;
}

Error CannotWrite(const std::string& path) {
  return MakeError(ErrorKind::kInput, "cannot write the state file " + path);
}

// Whether the loaded file can take one more update; then whether one of `bytes` keeps the
// updates within half the base (so rewrites stay rare and reads stay a few binary searches).
bool MayAppend(const HistoryState& s) {
  return s.tail.version == kVersion && s.tail.updates < kMaxStateUpdates;
}

bool RoomForUpdate(const HistoryState& s, size_t bytes) {
  return s.tail.end - s.tail.base_bytes + bytes <= s.tail.base_bytes / 2;
}

// Whether `fd` is still the file the state was loaded from, ours alone and at the length it had
// then: otherwise another run replaced or extended it, or a second name leads to it.
bool StillTheLoadedFile(int fd, const HistoryState& s) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 &&
         st.st_uid == ::geteuid() && st.st_dev == s.file.device() && st.st_ino == s.file.inode() &&
         static_cast<size_t>(st.st_size) == s.file.bytes().size();
}

// Appends `update` after the last whole segment (dropping a cut-short one). Returns false,
// having written nothing, when the file cannot take it in place; then it is rewritten.
Result<bool> Append(const std::string& path, const HistoryState& s, std::string_view update) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return false;
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0 || !StillTheLoadedFile(fd.get(), s)) return false;
  const auto end = static_cast<off_t>(s.tail.end);
  const bool written = WriteAll(fd.get(), update, end) &&
                       ::ftruncate(fd.get(), end + static_cast<off_t>(update.size())) == 0;
  const bool closed = fd.Close().ok();  // also releases the lock
  if (!written || !closed) return CannotWrite(path);
  return true;
}

Status Rewrite(const std::string& path, const HistoryState& s, const std::vector<git::Oid>& added) {
  auto file = AtomicFile::Create(path);
  if (!file.ok()) return file.error();
  // On failure the temporary is removed with `file`, and the old state stays as it was.
  if (!file->Write(SegmentBytes(s, AllBlobs(s, added), false)) || !file->Commit()) {
    return CannotWrite(path);
  }
  return {};
}

}  // namespace

bool HistoryState::KnowsBlob(const git::Oid& id) const {
  return std::any_of(blob_runs.begin(), blob_runs.end(),
                     [&](const git::SortedOids& run) { return run.contains(id); });
}

size_t HistoryState::blob_count() const {
  size_t n = 0;
  for (const git::SortedOids& run : blob_runs) n += run.size();
  return n;
}

// Each run is sorted, so merging them one by one keeps the whole sorted; a file not written by
// keysweep may repeat an id across runs, and a rewrite must not store it twice.
std::vector<git::Oid> HistoryState::blobs() const {
  std::vector<git::Oid> all;
  all.reserve(blob_count());
  for (const git::SortedOids& run : blob_runs) {
    const auto before = static_cast<std::ptrdiff_t>(all.size());
    for (size_t i = 0; i < run.size(); ++i) all.push_back(run.at(i));
    std::inplace_merge(all.begin(), all.begin() + before, all.end());
  }
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

Result<HistoryState> LoadHistoryState(const std::string& path, bool* older) {
  HistoryState state;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return state;
  auto file = MappedFile::Open(path);
  if (!file.ok()) return file.error();
  state.file = std::move(file).value();
  if (Status s = Parse(path, &state, older); !s) return s.error();
  return state;
}

Status SaveHistoryState(const std::string& path, const HistoryState& state) {
  const std::vector<git::Oid> added = Added(state);
  if (MayAppend(state)) {
    const std::string update = SegmentBytes(state, added, true);
    auto appended = RoomForUpdate(state, update.size()) ? Append(path, state, update) : false;
    if (!appended.ok()) return appended.error();
    if (*appended) return {};
  }
  return Rewrite(path, state, added);
}

}  // namespace ks
