#include "git/pack_file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace ks::git {

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

uint64_t Be64(const uint8_t* p) { return (uint64_t{Be32(p)} << 32) | Be32(p + 4); }

PackFileReader::PackFileReader(const std::string& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) {
  struct stat st {};
  if (fd_.valid() && (::fstat(fd_.get(), &st) != 0 || !S_ISREG(st.st_mode))) {
    fd_ = UniqueFd();
    errno = EINVAL;  // for callers that say why: a FIFO or a directory is no pack
  }
  if (fd_.valid()) size_ = static_cast<uint64_t>(st.st_size);
}

bool PackFileReader::ReadAt(uint64_t offset, void* out, size_t n) const {
  if (!fd_.valid() || offset > size_ || n > size_ - offset) return false;
  return ::pread(fd_.get(), out, n, static_cast<off_t>(offset)) == static_cast<ssize_t>(n);
}

ssize_t PackFileReader::ReadSome(uint64_t offset, void* out, size_t n) const {
  return ::pread(fd_.get(), out, n, static_cast<off_t>(offset));
}

}  // namespace ks::git
