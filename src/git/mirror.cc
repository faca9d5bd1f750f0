#include "git/mirror.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "git/handles.h"
#include "git/tls_certificates.h"
#include "util/sha256.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;
using RemoteHandle = Handle<git_remote, git_remote_free>;

constexpr const char* kRemote = "origin";
constexpr const char* kMirrorRefspec = "+refs/*:refs/*";

// The last path component of the URL, reduced to [A-Za-z0-9._-], for people browsing the cache.
std::string ReadableName(std::string_view url) {
  while (!url.empty() && (url.back() == '/' || url.back() == ':')) url.remove_suffix(1);
  const size_t cut = url.find_last_of("/:");
  std::string_view base = cut == std::string_view::npos ? url : url.substr(cut + 1);
  if (base.ends_with(".git")) base.remove_suffix(4);
  std::string out;
  for (char c : base.substr(0, 40)) {
    const bool safe =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    out.push_back(safe ? c : '_');
  }
  return out.empty() || out.front() == '.' ? "repo" + out : out;
}

Status Fetch(git_repository* repo, const std::string& url) {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo, kRemote) != 0) return LastError("mirror has no remote");
  const RemoteHandle remote(raw);
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  opts.prune = GIT_FETCH_PRUNE;
  opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  if (git_remote_fetch(remote.get(), nullptr, &opts, "keysweep: fetch") != 0) {
    return LastError(fmt::format("cannot fetch {}", url));
  }
  return {};
}

// A new bare repository at `dir` whose only remote mirrors `url`.
Result<RepositoryHandle> InitMirror(const std::string& dir, const std::string& url) {
  git_repository_init_options init = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  init.flags =
      GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  git_repository* raw = nullptr;
  if (git_repository_init_ext(&raw, dir.c_str(), &init) != 0) {
    return LastError(fmt::format("cannot create a mirror in {}", dir));
  }
  RepositoryHandle repo(raw);
  git_remote* remote = nullptr;
  if (git_remote_create_with_fetchspec(&remote, raw, kRemote, url.c_str(), kMirrorRefspec) != 0) {
    return LastError(fmt::format("cannot use {} as a remote", url));
  }
  git_remote_free(remote);
  return repo;
}

Result<MirrorResult> Create(const std::string& url, const std::string& dir) {
  const std::string tmp = fmt::format("{}.tmp-{}", dir, getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  auto repo = InitMirror(tmp, url);
  Status fetched = repo.ok() ? Fetch(repo->get(), url) : Status(repo.error());
  if (repo.ok()) repo->reset();  // close before the rename
  if (fetched.ok()) fs::rename(tmp, dir, ec);
  if (!fetched.ok() || ec) {
    fs::remove_all(tmp, ec);
    return fetched.ok() ? MakeError(ErrorKind::kRepository, "cannot move the mirror into " + dir)
                        : fetched.error();
  }
  return MirrorResult{dir, true};
}

Result<MirrorResult> Refresh(const std::string& url, const std::string& dir) {
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, dir.c_str()) != 0) {
    return LastError(fmt::format("{} is not a usable mirror (delete it to clone again)", dir));
  }
  const RepositoryHandle repo(raw);
  if (Status s = Fetch(repo.get(), url); !s) return s.error();
  return MirrorResult{dir, false};
}

}  // namespace

bool IsCloneUrl(std::string_view spec) {
  const size_t scheme = spec.find("://");
  if (scheme != std::string_view::npos && scheme > 0) {
    return std::all_of(spec.begin(), spec.begin() + scheme, [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
  }
  // scp-like "user@host:path": an @ before the first colon, and no slash before either.
  const size_t at = spec.find('@'), colon = spec.find(':');
  return at != std::string_view::npos && colon != std::string_view::npos && at < colon &&
         spec.substr(0, colon).find('/') == std::string_view::npos;
}

std::string MirrorPath(const std::string& cache_dir, std::string_view url) {
  const std::string hash = Sha256Hex(url).substr(0, 16);
  return fmt::format("{}/{}-{}.git", cache_dir, ReadableName(url), hash);
}

Result<MirrorResult> UpdateMirror(const std::string& url, const std::string& cache_dir) {
  if (Status s = LoadTlsCertificates(); !s) return s.error();
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  if (ec)
    return MakeError(ErrorKind::kInput,
                     fmt::format("cannot create {}: {}", cache_dir, ec.message()));
  const std::string dir = MirrorPath(cache_dir, url);
  return fs::exists(dir, ec) ? Refresh(url, dir) : Create(url, dir);
}

}  // namespace ks::git
