#include "util/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/unique_fd.h"

namespace ks {
namespace {

Error ReadError(const std::string& path, std::string_view why) {
  return MakeError(ErrorKind::kInput, fmt::format("{}: {}", path, why));
}

// Reads to the end; `size` is what fstat said, so one read usually does it.
Result<std::string> ReadAll(int fd, const std::string& path, size_t size, uint64_t max_size) {
  std::string out(size, '\0');
  size_t done = 0;
  for (;;) {
    if (done == out.size()) out.resize(out.size() + 4096);
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadError(path, std::strerror(errno));
    if (n == 0) break;
    done += static_cast<size_t>(n);
    if (done > max_size) return ReadError(path, fmt::format("larger than {} bytes", max_size));
  }
  out.resize(done);
  return out;
}

}  // namespace

const char* FileKindName(unsigned mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a file";
}

Result<std::string> ReadRegularFile(const std::string& path, uint64_t max_size) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return ReadError(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ReadError(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    return ReadError(path, fmt::format("not a regular file ({})", FileKindName(st.st_mode)));
  }
  if (static_cast<uint64_t>(st.st_size) > max_size) {
    return ReadError(path, fmt::format("larger than {} bytes", max_size));
  }
  return ReadAll(fd.get(), path, static_cast<size_t>(st.st_size), max_size);
}

bool ReadFileToString(const std::string& path, std::string* out) {
  auto bytes = ReadRegularFile(path);
  if (!bytes.ok()) return false;
  *out = std::move(bytes).value();
  return true;
}

}  // namespace ks
