// ObjectStream: one object's content read front to back without inflating it whole, so a blob or
// commit of a gigabyte costs a read buffer, not a gigabyte (see source/blob.h, streamed blobs).
//
// libgit2 1.5 streams loose objects only: its pack backend has no streaming read. A whole
// (undeltified) packed object is streamed from its pack by PackStream; for a delta Open() fails
// with OpenError::streamable false, and the caller decides whether reading the object whole
// (Repository::Read) is affordable. The stream checks the length it delivers
// against the object's header: a truncated object is an error, never a short clean read, and a
// longer one is cut at the declared size.
//
// Borrows the Repository, which must outlive it; one thread at a time (see repository.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "git/oid.h"
#include "git/pack_stream.h"
#include "git/repository.h"
#include "util/byte_reader.h"
#include "util/result.h"

struct git_odb_stream;

namespace ks::git {

class ObjectStream : public ByteReader {
 public:
  struct OpenError {
    Error error;
    bool streamable = true;  // false: the object exists but is a packed delta; read it whole
  };
  static Result<ObjectStream, OpenError> Open(const Repository& repo, const Oid& id);

  ObjectStream(ObjectStream&&) noexcept = default;
  ObjectStream& operator=(ObjectStream&&) noexcept = default;
  ~ObjectStream() override = default;

  uint64_t size() const { return size_; }
  ObjectType type() const { return type_; }
  uint64_t delivered() const { return read_; }
  Result<size_t> Read(char* dst, size_t n) override;

 private:
  struct Free {
    void operator()(git_odb_stream* s) const;
  };
  ObjectStream() = default;
  std::unique_ptr<git_odb_stream, Free> stream_;
  std::optional<PackStream> pack_;  // instead of stream_, for a packed object
  Oid id_;
  uint64_t size_ = 0;
  uint64_t read_ = 0;
  ObjectType type_ = ObjectType::kOther;
};

}  // namespace ks::git
