#include "cli/output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ks::cli {
namespace {

// Creates (or truncates) the file as 0600 before any byte is written.
Status CreatePrivate(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return MakeError(ErrorKind::kInput, fmt::format("{}: {}", path, std::strerror(errno)));
  const bool ok = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  if (!ok) return MakeError(ErrorKind::kInput, fmt::format("{}: cannot set mode 0600", path));
  return {};
}

bool WantColor(const GlobalOptions& opts) {
  if (opts.color == "always") return true;
  if (opts.color == "never" || !opts.output.empty()) return false;
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace

Result<std::unique_ptr<Output>> Output::Open(const GlobalOptions& opts) {
  auto out = std::make_unique<Output>();
  out->color_ = WantColor(opts);
  if (opts.output.empty()) return out;
  if (Status s = CreatePrivate(opts.output); !s) return s.error();
  out->file_.open(opts.output, std::ios::binary | std::ios::trunc);
  if (!out->file_) return MakeError(ErrorKind::kInput, opts.output + ": cannot open for writing");
  return out;
}

bool Output::Close() {
  stream().flush();
  if (!file_.is_open()) return static_cast<bool>(std::cout);
  file_.close();
  return !file_.fail();
}

}  // namespace ks::cli
