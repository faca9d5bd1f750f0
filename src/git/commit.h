// Commit: one parsed commit (RAII over libgit2's git_commit). Borrows nothing after Lookup
// returns except the Repository, which must outlive it; not thread-safe (see repository.h).
//
// A commit over kMaxParsedCommit bytes (a hostile one: a message that inflates to a gigabyte)
// is never inflated whole: its header lines are parsed from a stream (ObjectStream), and its
// message is not held (message_streamed()); OpenMessage() streams it for a scan. A packed one,
// which libgit2 cannot stream, is read whole up to kMaxWholeCommit and is an error beyond.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "git/object_stream.h"
#include "git/oid.h"
#include "git/repository.h"
#include "util/byte_reader.h"
#include "util/result.h"

struct git_commit;

namespace ks::git {

struct Person {
  std::string_view name;
  std::string_view email;
  int64_t time = 0;  // seconds since the epoch
};

class Commit {
 public:
  static constexpr uint64_t kMaxParsedCommit = uint64_t{8} << 20;
  static constexpr uint64_t kMaxWholeCommit = uint64_t{256} << 20;

  static Result<Commit> Lookup(const Repository& repo, const Oid& id);

  Oid id() const;
  Oid tree_id() const;
  size_t parent_count() const;
  Oid parent_id(size_t i) const;
  Person author() const;
  int64_t commit_time() const;
  // The message exactly as stored (with its encoding, if any, unconverted); empty when
  // message_streamed().
  std::string_view message() const;
  // True for a commit over kMaxParsedCommit read from a stream: its message is read with
  // OpenMessage().
  bool message_streamed() const { return large_ != nullptr; }
  uint64_t message_size() const;

  struct Large;  // a streamed commit's header fields (commit.cc)

 private:
  struct FreeLarge {
    void operator()(Large* l) const;
  };
  static Result<Commit> ParseStreamed(ObjectStream& stream, const Oid& id, uint64_t size);
  friend class MessageStream;

  Commit() = default;
  struct Free {
    void operator()(git_commit* c) const;
  };
  std::unique_ptr<git_commit, Free> commit_;
  std::unique_ptr<Large, FreeLarge> large_;
};

// A streamed commit's message (Commit::message_streamed()), read from the object database again.
class MessageStream : public ByteReader {
 public:
  static Result<MessageStream> Open(const Repository& repo, const Commit& c);
  Result<size_t> Read(char* dst, size_t n) override { return stream_.Read(dst, n); }

 private:
  explicit MessageStream(ObjectStream s) : stream_(std::move(s)) {}
  ObjectStream stream_;
};

// `unix_seconds` as ISO 8601 in UTC, e.g. 2024-01-02T03:04:05Z.
std::string IsoUtc(int64_t unix_seconds);

}  // namespace ks::git
