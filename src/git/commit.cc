#include "git/commit.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>
#include <vector>

#include "git/handles.h"

namespace ks::git {

// The header fields of a commit read from a stream; the message stays in the object database.
struct Commit::Large {
  Oid id, tree;
  std::vector<Oid> parents;
  std::string author_name, author_email;
  int64_t author_time = 0;
  int64_t commit_time = 0;
  uint64_t message_offset = 0;  // where the message starts in the object
  uint64_t size = 0;            // of the object
};

namespace {

int64_t ParseTime(std::string_view s) {
  int64_t t = 0;
  std::from_chars(s.data(), s.data() + s.size(), t);
  return t;
}

// "Name <email> 1700000000 +0000" (git's signature line, as libgit2 parses it, leniently).
void ParseSignature(std::string_view v, std::string* name, std::string* email, int64_t* time) {
  const size_t lt = v.find('<');
  const size_t gt = v.find('>', lt == std::string_view::npos ? 0 : lt);
  if (lt == std::string_view::npos || gt == std::string_view::npos) return;
  std::string_view n = v.substr(0, lt);
  while (!n.empty() && n.back() == ' ') n.remove_suffix(1);
  *name = std::string(n);
  *email = std::string(v.substr(lt + 1, gt - lt - 1));
  std::string_view rest = v.substr(gt + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  *time = ParseTime(rest);
}

bool ParseHeaderLine(std::string_view line, Commit::Large* out) {
  auto oid_after = [&](std::string_view key, Oid* id) {
    if (!line.starts_with(key)) return false;
    auto parsed = Oid::FromHex(line.substr(key.size()));
    if (parsed) *id = *parsed;
    return parsed.has_value();
  };
  Oid parent;
  if (oid_after("tree ", &out->tree)) return true;
  if (oid_after("parent ", &parent)) return out->parents.push_back(parent), true;
  std::string unused_name, unused_email;  // the committer's: only the time is kept
  if (line.starts_with("author ")) {
    ParseSignature(line.substr(7), &out->author_name, &out->author_email, &out->author_time);
  } else if (line.starts_with("committer ")) {
    ParseSignature(line.substr(10), &unused_name, &unused_email, &out->commit_time);
  }
  return true;
}

// The header (up to the blank line before the message) of a streamed commit, at most
// kMaxParsedCommit bytes of it.
Result<std::string> ReadCommitHeader(ObjectStream& stream, const Oid& id, uint64_t* offset) {
  std::string head;
  constexpr size_t kStep = size_t{64} << 10;
  for (;;) {
    const size_t old = head.size();
    head.resize(old + kStep);
    auto n = stream.Read(head.data() + old, kStep);
    if (!n.ok()) return n.error();
    head.resize(old + *n);
    const size_t from = old > 0 ? old - 1 : 0;
    if (const size_t blank = head.find("\n\n", from); blank != std::string::npos) {
      *offset = blank + 2;
      head.resize(blank + 1);
      return head;
    }
    if (*n == 0 || head.size() > Commit::kMaxParsedCommit) {
      return MakeError(
          ErrorKind::kRepository,
          fmt::format("commit {}: no message found in its first {} bytes", id.Hex(), head.size()));
    }
  }
}

}  // namespace

void Commit::Free::operator()(git_commit* c) const { git_commit_free(c); }
void Commit::FreeLarge::operator()(Large* l) const { delete l; }

Result<Commit> Commit::ParseStreamed(ObjectStream& stream, const Oid& id, uint64_t size) {
  auto large = std::unique_ptr<Large, FreeLarge>(new Large{});
  large->id = id;
  large->size = size;
  auto head = ReadCommitHeader(stream, id, &large->message_offset);
  if (!head.ok()) return head.error();
  for (std::string_view rest = *head; !rest.empty();) {
    const size_t nl = rest.find('\n');
    ParseHeaderLine(rest.substr(0, nl), large.get());
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  }
  if (large->tree == Oid()) {
    return MakeError(ErrorKind::kRepository, fmt::format("commit {}: no tree", id.Hex()));
  }
  Commit c;
  c.large_ = std::move(large);
  return c;
}

Result<Commit> Commit::Lookup(const Repository& repo, const Oid& id) {
  // Parsing inflates the whole commit: a large one is read from a stream instead.
  if (auto header = repo.ReadHeader(id);
      header.ok() && header->type == ObjectType::kCommit && header->size > kMaxParsedCommit) {
    auto stream = ObjectStream::Open(repo, id);
    if (stream.ok()) return ParseStreamed(*stream, id, header->size);
    if (stream.error().streamable) return stream.error().error;
    if (header->size > kMaxWholeCommit) {
      return MakeError(ErrorKind::kRepository,
                       fmt::format("commit {}: {} bytes, packed: too large to read whole (over {})",
                                   id.Hex(), header->size, kMaxWholeCommit));
    }
  }
  const git_oid gid = ToGit(id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, Raw(repo), &gid) != 0) {
    return LastError(fmt::format("commit {}", id.Hex()));
  }
  Commit c;
  c.commit_.reset(raw);
  return c;
}

Oid Commit::id() const { return large_ ? large_->id : FromGit(*git_commit_id(commit_.get())); }

Oid Commit::tree_id() const {
  return large_ ? large_->tree : FromGit(*git_commit_tree_id(commit_.get()));
}

size_t Commit::parent_count() const {
  return large_ ? large_->parents.size() : git_commit_parentcount(commit_.get());
}

Oid Commit::parent_id(size_t i) const {
  if (large_) return large_->parents[i];
  return FromGit(*git_commit_parent_id(commit_.get(), static_cast<unsigned int>(i)));
}

Person Commit::author() const {
  if (large_) return Person{large_->author_name, large_->author_email, large_->author_time};
  const git_signature* sig = git_commit_author(commit_.get());
  return Person{sig->name ? sig->name : "", sig->email ? sig->email : "", sig->when.time};
}

int64_t Commit::commit_time() const {
  return large_ ? large_->commit_time : git_commit_time(commit_.get());
}

std::string_view Commit::message() const {
  if (large_) return {};
  const char* raw = git_commit_message_raw(commit_.get());
  return raw ? std::string_view(raw) : std::string_view();
}

uint64_t Commit::message_size() const {
  return large_ ? large_->size - large_->message_offset : message().size();
}

Result<MessageStream> MessageStream::Open(const Repository& repo, const Commit& c) {
  if (!c.large_) return MakeError(ErrorKind::kInternal, "the commit's message is not streamed");
  auto stream = ObjectStream::Open(repo, c.large_->id);
  if (!stream.ok()) return stream.error().error;
  std::string skip(size_t{64} << 10, '\0');
  for (uint64_t left = c.large_->message_offset; left > 0;) {
    auto n = stream->Read(skip.data(), static_cast<size_t>(std::min<uint64_t>(left, skip.size())));
    if (!n.ok()) return n.error();
    left -= *n;
  }
  return MessageStream(std::move(stream).value());
}

std::string IsoUtc(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace ks::git
