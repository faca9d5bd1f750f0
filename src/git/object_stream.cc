#include "git/object_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "git/handles.h"

namespace ks::git {

void ObjectStream::Free::operator()(git_odb_stream* s) const { git_odb_stream_free(s); }

Result<ObjectStream, ObjectStream::OpenError> ObjectStream::Open(const Repository& repo,
                                                                 const Oid& id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, Raw(repo)) != 0) {
    return OpenError{LastError("cannot open the object database"), true};
  }
  const OdbHandle odb(raw_odb);
  const git_oid gid = ToGit(id);
  git_odb_stream* raw = nullptr;
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  ObjectStream s;
  if (git_odb_open_rstream(&raw, &size, &type, odb.get(), &gid) != 0) {
    const Error e = LastError(fmt::format("object {}", id.Hex()));
    // No backend streams it (packed), or it is missing.
    if (git_odb_read_header(&size, &type, odb.get(), &gid) != 0) return OpenError{e, true};
    s.pack_ = PackStream::Open(repo, id, FromGitType(type), size);
    if (!s.pack_) return OpenError{e, false};
  } else {
    s.stream_.reset(raw);
  }
  s.id_ = id;
  s.size_ = size;
  s.type_ = FromGitType(type);
  return s;
}

Result<size_t> ObjectStream::Read(char* dst, size_t n) {
  const auto want = static_cast<size_t>(std::min<uint64_t>({n, size_ - read_, INT_MAX}));
  if (want == 0) return size_t{0};
  if (pack_) {
    auto got = pack_->Read(dst, want);
    if (!got.ok()) {
      return MakeError(ErrorKind::kRepository,
                       fmt::format("object {}: {}", id_.Hex(), got.error().message));
    }
    read_ += *got;
    return got;
  }
  const int got = git_odb_stream_read(stream_.get(), dst, want);
  if (got < 0) return LastError(fmt::format("object {}", id_.Hex()));
  if (got == 0) {
    return MakeError(ErrorKind::kRepository, fmt::format("object {} is truncated: {} of {} bytes",
                                                         id_.Hex(), read_, size_));
  }
  read_ += static_cast<uint64_t>(got);
  return static_cast<size_t>(got);
}

}  // namespace ks::git
