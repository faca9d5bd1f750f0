#include "git/repository.h"

#include <fmt/format.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "git/alternates.h"
#include "git/handles.h"
#include "git/pack_check.h"
#include "git/repository_files.h"
#include "util/file.h"
#include "util/text.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;

// The `shallow` file lists one commit id per line; a missing file means a complete history.
std::unordered_set<Oid, OidHash> ReadShallowRoots(git_repository* repo) {
  std::unordered_set<Oid, OidHash> roots;
  auto text = ReadRegularFile(std::string(git_repository_commondir(repo)) + "shallow");
  if (!text.ok()) return roots;
  for (std::string_view line : DataLines(*text)) {
    if (auto id = Oid::FromHex(line)) roots.insert(*id);
  }
  return roots;
}

struct ForeachPayload {
  const std::function<bool(const Oid&)>* visit;
};

int ForeachCallback(const git_oid* id, void* payload) {
  const auto* p = static_cast<ForeachPayload*>(payload);
  return (*p->visit)(FromGit(*id)) ? 0 : GIT_EUSER;
}

// Adds what libgit2's default object database holds, less the packs of `unsafe` indexes: the
// loose objects, every other pack, and the alternates. Priorities as libgit2's own (packs
// first). Unlike the default pack backend, one-pack backends do not look for new packs when an
// object is missing, so a repack during the scan may cost objects: the price of reading a
// repository whose packs would crash libgit2, paid only then.
Status AddBackends(git_odb* odb, const std::string& objects, const PackIndexes& packs,
                   bool with_alternates) {
  git_odb_backend* backend = nullptr;
  if (git_odb_backend_loose(&backend, objects.c_str(), -1, 0, 0, 0) != 0 ||
      git_odb_add_backend(odb, backend, 1) != 0) {
    return LastError("cannot open the loose objects");
  }
  for (const std::string& idx : packs.safe) {
    if (git_odb_backend_one_pack(&backend, idx.c_str()) != 0 ||
        git_odb_add_backend(odb, backend, 2) != 0) {
      return LastError(fmt::format("cannot open the pack of {}", idx));
    }
  }
  if (!with_alternates) return {};
  for (const fs::path& dir : AlternateDirs(objects)) {
    git_odb_add_disk_alternate(odb, dir.c_str());  // a missing alternate holds nothing
  }
  return {};
}

// Replaces the object database of `raw` when some pack index in it is unsafe to read.
Status LeaveOutUnsafePacks(git_repository* raw, const PackIndexes& packs) {
  if (packs.unsafe.empty()) return {};
  const std::string objects = std::string(git_repository_commondir(raw)) + "objects";
  git_odb* odb_raw = nullptr;
  if (git_odb_new(&odb_raw) != 0) return LastError("cannot make an object database");
  OdbHandle odb(odb_raw);
  if (Status s = AddBackends(odb.get(), objects, packs, /*with_alternates=*/true); !s) {
    return s.error();
  }
  git_repository_set_odb(raw, odb.get());
  return {};
}

// The ids of the loose objects under `objects`, sorted: objects/xx/ holds those whose id begins
// with xx, named by the remaining 38 hex digits.
std::vector<Oid> LooseObjectIds(const std::string& objects) {
  std::vector<Oid> ids;
  std::error_code ec;
  for (fs::directory_iterator dir(objects, ec), end; !ec && dir != end; dir.increment(ec)) {
    const std::string prefix = dir->path().filename().string();
    if (prefix.size() != 2 || !Oid::FromHex(prefix + std::string(38, '0'))) continue;
    std::error_code inner;
    for (fs::directory_iterator f(dir->path(), inner); !inner && f != end; f.increment(inner)) {
      if (auto id = Oid::FromHex(prefix + f->path().filename().string())) ids.push_back(*id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool HashesTo(std::string_view blob, const Oid& id) {
  git_oid computed;
  if (git_odb_hash(&computed, blob.data(), blob.size(), GIT_OBJECT_BLOB) != 0) return false;
  return FromGit(computed) == id;
}

}  // namespace

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // The ownership check protects git users from configuration that runs commands; keysweep
    // runs none, so it would only stop scans of CI checkouts owned by another user.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    // No object cache. Walks read each commit once, and the history diff keeps the trees it
    // reuses itself (git::TreeCache). libgit2's cache (one per repository handle) counts a
    // parsed commit at its raw size, so its 64 MiB limit let it hold about 90 MiB of commits
    // on git/git, to no use.
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    // Packs are read through mmap()ed windows, and mapped pages count in RSS. libgit2's 64-bit
    // defaults (1 GiB windows, 8 GiB mapped) keep a whole pack mapped, so peak memory grew with
    // the repository. Blobs are read in pack order, front to back, so two 16 MiB windows
    // (about one per reader thread) are enough for them: against two of 32 MiB they cost no
    // time measurably on git/git or redis and took 30-40 MiB off the peak. The history diff,
    // which jumps around the packs, asks for more while it runs (PackMappingScope).
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t{16} << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, PackMappingScope::kDefault);
  });
}

std::string_view LastErrorMessage() {
  const git_error* e = git_error_last();
  return e && e->message ? std::string_view(e->message) : std::string_view("unknown error");
}

Error LastError(std::string_view what) {
  return MakeError(ErrorKind::kRepository, fmt::format("{}: {}", what, LastErrorMessage()));
}

void RawObject::Free::operator()(git_odb_object* obj) const { git_odb_object_free(obj); }

std::string_view RawObject::data() const {
  return {static_cast<const char*>(git_odb_object_data(obj_.get())),
          git_odb_object_size(obj_.get())};
}

ObjectType RawObject::type() const { return FromGitType(git_odb_object_type(obj_.get())); }

void Repository::FreeRepository::operator()(git_repository* repo) const {
  git_repository_free(repo);
}

void Repository::FreeOdb::operator()(git_odb* odb) const { git_odb_free(odb); }

git_repository* Raw(const Repository& repo) { return repo.repo_.get(); }

Result<Repository> Repository::Adopt(git_repository* raw) {
  Repository repo;
  repo.repo_.reset(raw);
  repo.packs_ = CheckPackIndexes(std::string(git_repository_commondir(raw)) + "objects");
  if (Status s = LeaveOutUnsafePacks(raw, repo.packs_); !s) return s.error();
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, raw) != 0) return LastError("cannot open the object database");
  repo.odb_.reset(odb);
  repo.git_dir_ = git_repository_path(raw);
  repo.shallow_roots_ = ReadShallowRoots(raw);
  return repo;
}

// Finding the git directory reads no configuration (only `.git` files and `commondir`), so the
// files libgit2 will read can be checked before it opens them.
Result<Repository> Repository::Discover(const std::string& start) {
  EnsureLibgit2();
  git_buf found = GIT_BUF_INIT;
  if (git_repository_discover(&found, start.c_str(), 0, nullptr) != 0) {
    return LastError(fmt::format("cannot open a git repository at '{}'", start));
  }
  const std::string git_dir(found.ptr, found.size);
  git_buf_dispose(&found);
  if (Status s = CheckRepositoryFiles(git_dir); !s) return s.error();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, start.c_str(), 0, nullptr) != 0) {
    return LastError(fmt::format("cannot open a git repository at '{}'", start));
  }
  return Adopt(raw);
}

Result<Repository> Repository::OpenGitDir(const std::string& git_dir) {
  EnsureLibgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, git_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return LastError(fmt::format("cannot open the git repository '{}'", git_dir));
  }
  return Adopt(raw);
}

bool Repository::bare() const { return git_repository_is_bare(repo_.get()) == 1; }

Result<ObjectHeader> Repository::ReadHeader(const Oid& id) const {
  const git_oid gid = ToGit(id);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb_.get(), &gid) != 0) {
    return LastError(fmt::format("object {}", id.Hex()));
  }
  return ObjectHeader{FromGitType(type), size};
}

std::optional<Oid> Repository::FindCommit(std::string_view hex) const {
  const auto id = Oid::FromHex(hex);
  if (!id) return std::nullopt;
  auto header = ReadHeader(*id);
  if (!header.ok() || header->type != ObjectType::kCommit) return std::nullopt;
  return id;
}

Result<RawObject> Repository::Read(const Oid& id) const {
  const git_oid gid = ToGit(id);
  git_odb_object* obj = nullptr;
  if (git_odb_read(&obj, odb_.get(), &gid) != 0)
    return LastError(fmt::format("object {}", id.Hex()));
  RawObject out;
  out.obj_.reset(obj);
  if (out.type() == ObjectType::kBlob && IsLoose(id) && !HashesTo(out.data(), id)) {
    return MakeError(ErrorKind::kRepository,
                     fmt::format("object {}: a damaged loose object (its content does not hash "
                                 "to its id: truncated, overwritten or forged)",
                                 id.Hex()));
  }
  return out;
}

bool Repository::IsLoose(const Oid& id) const {
  if (!loose_) {
    loose_ = LooseObjectIds(std::string(git_repository_commondir(repo_.get())) + "objects");
  }
  return std::binary_search(loose_->begin(), loose_->end(), id);
}

Status Repository::ForEachObjectId(const std::function<bool(const Oid&)>& visit) const {
  const std::string objects = std::string(git_repository_commondir(repo_.get())) + "objects";
  git_odb* own_raw = nullptr;
  if (git_odb_new(&own_raw) != 0) return LastError("cannot make an object database");
  OdbHandle own(own_raw);
  if (Status s = AddBackends(own.get(), objects, packs_, /*with_alternates=*/false); !s) return s;
  ForeachPayload payload{&visit};
  const int rc = git_odb_foreach(own.get(), ForeachCallback, &payload);
  if (rc != 0 && rc != GIT_EUSER) return LastError("cannot list the object database");
  return {};
}

PackMappingScope::PackMappingScope(size_t bytes) {
  EnsureLibgit2();
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

// Windows over the default are closed as later reads open new ones, not at once.
PackMappingScope::~PackMappingScope() {
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, kDefault);
}

}  // namespace ks::git
