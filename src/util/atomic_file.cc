#include "util/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace ks {

Result<AtomicFile> AtomicFile::Create(const std::string& target, Env& env) {
  return Create(target, target, env);
}

Result<AtomicFile> AtomicFile::Create(const std::string& target, const std::string& shown,
                                      Env& env) {
  auto temp = env.CreateTempBeside(target);
  if (!temp.ok()) return MakeError(ErrorKind::kInput, shown + ": " + temp.error().message);
  return AtomicFile(std::move(temp).value(), target, shown);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : fd_(std::move(other.fd_)),
      temp_(std::exchange(other.temp_, {})),
      target_(std::move(other.target_)),
      shown_(std::move(other.shown_)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    Abandon();
    fd_ = std::move(other.fd_);
    temp_ = std::exchange(other.temp_, {});
    target_ = std::move(other.target_);
    shown_ = std::move(other.shown_);
  }
  return *this;
}

Status AtomicFile::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Failed(std::strerror(errno));
    if (n == 0) return Failed("nothing written");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Status AtomicFile::Commit() {
  if (!fd_) return Failed("closed already");
  if (Status closed = fd_.Close(); !closed) return Failed(closed.error().message);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) return Failed(std::strerror(errno));
  temp_.clear();
  return {};
}

void AtomicFile::Abandon() {
  fd_.reset();
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

Error AtomicFile::Failed(const std::string& reason) const {
  return MakeError(ErrorKind::kInput, shown_ + ": " + reason);
}

}  // namespace ks
