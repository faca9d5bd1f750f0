// PackStream: one object of a pack file inflated front to back, for ObjectStream, because
// libgit2 1.5 streams loose objects only. Git writes a file over core.bigFileThreshold (512 MiB)
// straight into a pack, undeltified, so the biggest blobs are exactly the packed ones.
//
// Only whole (undeltified) objects stream: a delta needs its base inflated whole. The object is
// found through the `.idx` files of the repository's own packs (version 2; packs the repository
// left out as unsafe, see git/pack_check.h, are not used), read with pread and checked against
// the files' sizes; a pack whose entry does not say what the object database said (type, size)
// is not used. Open() returns nullopt whenever the object cannot be streamed this way; the
// caller then reads it through libgit2 (or skips it). Not thread-safe; owns its descriptors.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

class PackStream {
 public:
  // `type` and `size` are the object's, from its header.
  static std::optional<PackStream> Open(const Repository& repo, const Oid& id, ObjectType type,
                                        uint64_t size);
  PackStream(PackStream&&) noexcept;
  PackStream& operator=(PackStream&&) noexcept;
  ~PackStream();

  // As ByteReader::Read: up to `n` inflated bytes, 0 at the end of the object.
  Result<size_t> Read(char* dst, size_t n);

 private:
  struct State;
  explicit PackStream(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace ks::git
