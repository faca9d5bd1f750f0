// Private to src/git: owning wrappers for libgit2 handles and the glue between libgit2's types
// and ours. The only header that includes <git2.h>; never include it from outside src/git.
#pragma once

#include <git2.h>

#include <cstring>
#include <memory>
#include <string_view>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

// Calls git_libgit2_init() and sets the process-wide options exactly once (thread-safe).
void EnsureLibgit2();

template <typename T, void (*Free)(T*)>
struct FreeWith {
  void operator()(T* p) const { Free(p); }
};

template <typename T, void (*Free)(T*)>
using Handle = std::unique_ptr<T, FreeWith<T, Free>>;

using RepositoryHandle = Handle<git_repository, git_repository_free>;
using OdbHandle = Handle<git_odb, git_odb_free>;
using OdbObjectHandle = Handle<git_odb_object, git_odb_object_free>;
using CommitHandle = Handle<git_commit, git_commit_free>;
using TreeHandle = Handle<git_tree, git_tree_free>;
using BlobHandle = Handle<git_blob, git_blob_free>;
using IndexHandle = Handle<git_index, git_index_free>;
using DiffHandle = Handle<git_diff, git_diff_free>;
using PatchHandle = Handle<git_patch, git_patch_free>;
using ObjectHandle = Handle<git_object, git_object_free>;
using ReferenceHandle = Handle<git_reference, git_reference_free>;
using ReferenceIteratorHandle = Handle<git_reference_iterator, git_reference_iterator_free>;

inline git_oid ToGit(const Oid& id) {
  git_oid out;
  static_assert(sizeof(out.id) == Oid::kSize);
  std::memcpy(out.id, id.bytes.data(), Oid::kSize);
  return out;
}

inline Oid FromGit(const git_oid& id) {
  Oid out;
  std::memcpy(out.bytes.data(), id.id, Oid::kSize);
  return out;
}

// libgit2's object type as ours.
inline ObjectType FromGitType(git_object_t type) {
  switch (type) {
    case GIT_OBJECT_COMMIT:
      return ObjectType::kCommit;
    case GIT_OBJECT_TREE:
      return ObjectType::kTree;
    case GIT_OBJECT_BLOB:
      return ObjectType::kBlob;
    case GIT_OBJECT_TAG:
      return ObjectType::kTag;
    default:
      return ObjectType::kOther;
  }
}

// An Error of kind kRepository: "<what>: <libgit2's last error message>".
Error LastError(std::string_view what);

// libgit2's last error message, or "unknown error".
std::string_view LastErrorMessage();

}  // namespace ks::git
