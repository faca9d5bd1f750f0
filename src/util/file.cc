#include "util/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ks {
namespace {

Error IoError(const std::string& path, int err) {
  return MakeError(ErrorKind::kInput, path + ": " + std::strerror(err));
}

}  // namespace

bool ReadFileToString(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(bytes).str();
  return true;
}

Result<int> CreateTempBeside(const std::string& target, const std::string& shown,
                             std::string* temp) {
  const std::filesystem::path t(target);
  std::string leaf = ".";  // built by appending: GCC 12 warns falsely on chained operator+
  leaf.append(t.filename().string()).append(".keysweep-XXXXXX");
  std::string name = (t.parent_path() / leaf).string();
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return IoError(shown, errno);
  // mkostemp already uses 0600 less the umask; say it outright, whatever the umask is.
  if (::fchmod(fd, 0600) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(name.c_str());
    return IoError(shown, err);
  }
  *temp = std::move(name);
  return fd;
}

}  // namespace ks
