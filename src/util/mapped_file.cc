#include "util/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/unique_fd.h"

namespace ks {
namespace {

Error CannotRead(const std::string& path) {
  return MakeError(ErrorKind::kInput, "cannot read " + path + ": " + std::strerror(errno));
}

}  // namespace

Result<MappedFile> MappedFile::Open(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return CannotRead(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return CannotRead(path);
  if (!S_ISREG(st.st_mode)) return MakeError(ErrorKind::kInput, path + ": not a file");
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) return MappedFile();  // mmap refuses a zero length
  // The mapping keeps the file open once `fd` is closed.
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (data == MAP_FAILED) return CannotRead(path);
  return MappedFile(static_cast<const char*>(data), size, st.st_dev, st.st_ino);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      device_(std::exchange(other.device_, 0)),
      inode_(std::exchange(other.inode_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    Unmap();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    device_ = std::exchange(other.device_, 0);
    inode_ = std::exchange(other.inode_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() { Unmap(); }

void MappedFile::Unmap() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
  device_ = inode_ = 0;
}

}  // namespace ks
