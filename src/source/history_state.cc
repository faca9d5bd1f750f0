#include "source/history_state.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/file.h"

namespace ks {
namespace {

using Json = nlohmann::json;
constexpr int kVersion = 2;
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

// The three tables after the header, whose lengths it gives; the blob table stays a view.
Status ReadTables(const Json& tables, std::string_view raw, HistoryState* s) {
  const auto commits = tables.at("commits").get<size_t>();
  const auto peeled = tables.at("peeled").get<size_t>();
  const auto blobs = tables.at("blobs").get<size_t>();
  const size_t commit_bytes = commits * kCommitSize, peeled_bytes = peeled * kPeeledSize;
  if (commits > raw.size() || peeled > raw.size() || blobs > raw.size() ||
      raw.size() != commit_bytes + peeled_bytes + blobs * git::Oid::kSize) {
    return MakeError(ErrorKind::kInput, "tables do not match their lengths");
  }
  auto known = ReadCommits(raw.substr(0, commit_bytes));
  auto tips = ReadPeeled(raw.substr(commit_bytes, peeled_bytes));
  auto scanned = git::SortedOids::From(raw.substr(commit_bytes + peeled_bytes));
  if (!known || !tips || !scanned) return MakeError(ErrorKind::kInput, "a table is not sorted");
  s->known_commits = std::move(*known);
  s->peeled_refs = std::move(*tips);
  s->scanned_blobs = *scanned;
  return {};
}

// Parses the loaded file; `s->file` holds its bytes.
Status Parse(const std::string& path, HistoryState* s, bool* older) {
  const std::string_view bytes = s->file.bytes();
  const size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos) return Malformed(path, "no header");
  const Json header = Json::parse(bytes.substr(0, nl), nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object() || !header.contains("keysweep_state") ||
      !header["keysweep_state"].is_number_integer()) {
    return Malformed(path, "bad header");
  }
  const int version = header["keysweep_state"].get<int>();
  if (version >= 1 && version < kVersion) {
    if (older != nullptr) *older = true;
    *s = HistoryState{};
    return {};
  }
  if (version != kVersion) return Malformed(path, "another version");
  try {
    ReadHeader(header, s);
    if (Status t = ReadTables(header.at("tables"), bytes.substr(nl + 1), s); !t) {
      return Malformed(path, t.error().message);
    }
  } catch (const Json::exception& e) {
    return Malformed(path, e.what());
  }
  return {};
}

// ---- writing

// Writes through a buffer to a file descriptor, remembering whether every write succeeded.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) { buffer_.reserve(kFlushAt + kFlushAt / 4); }
  void Append(std::string_view bytes) {
    if (bytes.size() >= kFlushAt) {  // straight from where it is (a mapped table): no copy
      Flush();
      Write(bytes);
      return;
    }
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushAt) Flush();
  }
  bool Finish() {
    Flush();
    return ok_;
  }

 private:
  static constexpr size_t kFlushAt = 1 << 18;
  void Flush() {
    Write(buffer_);
    buffer_.clear();
  }
  void Write(std::string_view bytes) {
    while (ok_ && !bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      ok_ = n > 0;
      if (ok_) bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  int fd_;
  std::string buffer_;
  bool ok_ = true;
};

// This run's blobs, sorted, without those the loaded table already has.
std::vector<git::Oid> Added(const HistoryState& s) {
  std::vector<git::Oid> added = s.new_blobs;
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  std::erase_if(added, [&](const git::Oid& id) { return s.KnowsBlob(id); });
  return added;
}

// The loaded blob table and `added`, merged in order.
void WriteBlobs(const git::SortedOids& old, const std::vector<git::Oid>& added, Writer* w) {
  size_t from = 0;
  for (const git::Oid& id : added) {
    const size_t to = old.LowerBound(id);
    w->Append(old.raw().substr(from * git::Oid::kSize, (to - from) * git::Oid::kSize));
    w->Append({reinterpret_cast<const char*>(id.bytes.data()), git::Oid::kSize});
    from = to;
  }
  w->Append(old.raw().substr(from * git::Oid::kSize));
}

bool WriteState(int fd, const HistoryState& state) {
  const std::vector<git::Oid> added = Added(state);
  Writer w(fd);
  w.Append(Header(state, state.scanned_blobs.size() + added.size()).dump());
  w.Append("\n");
  w.Append(CommitTable(state.known_commits));
  w.Append(PeeledTable(state.peeled_refs));
  WriteBlobs(state.scanned_blobs, added, &w);
  return w.Finish();
}

}  // namespace

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
  std::string tmp;
  auto fd = CreateTempBeside(path, path, &tmp);
  if (!fd.ok()) return fd.error();
  const bool written = WriteState(*fd, state);
  const bool closed = ::close(*fd) == 0;
  if (!written || !closed || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorKind::kInput, "cannot write the state file " + path);
  }
  return {};
}

}  // namespace ks
