// UniqueFd: the one owner of a POSIX file descriptor, closed when the owner goes away.
//
// Move-only; a moved-from or default UniqueFd owns nothing (get() is -1). Closing never retries
// on EINTR: Linux has released the descriptor by then, and a second close() could close one that
// another thread was just given. Not thread-safe: one thread at a time per object (the
// descriptor itself may of course be used from several, as the kernel allows).
#pragma once

#include <utility>

#include "util/result.h"

namespace ks {

class UniqueFd {
 public:
  UniqueFd() = default;
  // Takes `fd` (which may be -1, for "none").
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }

  // Gives the descriptor up without closing it; the caller owns it from now on.
  int release() { return std::exchange(fd_, -1); }
  // Closes the descriptor held (ignoring errors: see Close()) and takes `fd` instead.
  void reset(int fd = -1);
  // Closes now and says whether close() succeeded, for a writer that must know its bytes
  // reached the file system (NFS reports write errors only here). An interrupted close counts
  // as done. The error's message is the system's reason alone; callers name the file.
  Status Close();

 private:
  int fd_ = -1;
};

}  // namespace ks
