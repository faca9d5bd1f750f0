#include "cli/output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/fd_streambuf.h"

namespace ks::cli {
namespace {

Error IoError(const std::string& path, int err) {
  return MakeError(ErrorKind::kInput, fmt::format("{}: {}", path, std::strerror(err)));
}

// `-o` never writes through a symbolic link: in CI the report path lies in a checkout the
// scanned repository controls, and a committed `report.json -> ~/.bashrc` would otherwise have
// the report replace the file it points to. Links into /dev (`-o /dev/stdout`, `/dev/fd/3`)
// name a descriptor the user opened, and are written in place.
bool DeviceLink(const std::string& path) {
  return path.starts_with("/dev/") || path.starts_with("/proc/self/fd/");
}

Status RefuseLink(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode) || DeviceLink(path)) return {};
  return MakeError(ErrorKind::kUsage,
                   fmt::format("{}: a symbolic link; keysweep does not write a report through "
                               "one (remove it, or name the file it points to)",
                               path));
}

// The old way, for a directory where no new file may be created: truncates `path` and makes it
// 0600 before any byte is written.
Result<UniqueFd> OpenInPlace(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return IoError(path, errno);
  if (::fchmod(fd.get(), 0600) != 0) {
    return MakeError(ErrorKind::kInput, fmt::format("{}: cannot set mode 0600", path));
  }
  return fd;
}

bool WantColor(const GlobalOptions& opts, Env& env) {
  if (opts.color == "always") return true;
  if (opts.color == "never" || !opts.output.empty()) return false;
  const std::optional<std::string> no_color = env.GetVar("NO_COLOR");
  return (!no_color || no_color->empty()) && ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace

Result<std::unique_ptr<Output>> Output::Open(const GlobalOptions& opts, Env& env) {
  auto out = std::make_unique<Output>();
  out->color_ = WantColor(opts, env);
  if (opts.output.empty()) return out;
  if (Status s = out->OpenFile(opts.output, env); !s) return s.error();
  out->buf_ = std::make_unique<FdBuf>(out->fd());
  out->file_ = std::make_unique<std::ostream>(out->buf_.get());
  return out;
}

Status Output::OpenFile(const std::string& path, Env& env) {
  if (Status s = RefuseLink(path); !s) return s;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if ((exists && !S_ISREG(st.st_mode)) || (exists && DeviceLink(path))) {
    // A terminal, a pipe (`-o /dev/stdout`, `-o >(gzip > r.gz)`), a descriptor the user opened:
    // neither replaced nor chmod'ed.
    in_place_.reset(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    return in_place_ ? Status() : Status(IoError(path, errno));
  }
  auto replacing = AtomicFile::Create(path, path, env);
  if (replacing.ok()) {
    replacing_.emplace(std::move(replacing).value());
    return {};
  }
  if (!exists) return replacing.error();
  auto fd = OpenInPlace(path);
  if (!fd.ok()) return fd.error();
  in_place_ = std::move(fd).value();
  return {};
}

Output::~Output() = default;

bool Output::Close() {
  if (!file_) {
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  file_->flush();
  const bool written = !file_->fail();
  // Unwritten bytes must not replace FILE: the temporary is then removed with replacing_.
  if (replacing_) return written && replacing_->Commit().ok();
  return in_place_.Close().ok() && written;
}

}  // namespace ks::cli
