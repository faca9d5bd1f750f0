#include "util/unique_fd.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ks {
namespace {

// close() once: after EINTR the descriptor is gone on Linux, so success is the honest answer.
int CloseOnce(int fd) {
  if (::close(fd) == 0 || errno == EINTR) return 0;
  return errno;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

void UniqueFd::reset(int fd) {
  const int old = std::exchange(fd_, fd);
  if (old >= 0 && old != fd) CloseOnce(old);
}

Status UniqueFd::Close() {
  if (fd_ < 0) return MakeError(ErrorKind::kInternal, std::strerror(EBADF));
  const int err = CloseOnce(release());
  if (err != 0) return MakeError(ErrorKind::kInput, std::strerror(err));
  return {};
}

}  // namespace ks
