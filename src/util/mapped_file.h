// MappedFile: a whole file mapped read-only into memory (RAII over mmap/munmap).
//
// For files read once and consulted in place, such as a --state file's sorted id table: only
// the pages a lookup touches are faulted in, from the page cache, with no copy and no heap.
// The mapping stays valid, and shows the bytes as they were when it was made, even if the file
// is replaced by rename() afterwards. Movable, not copyable; bytes() lives as long as the
// object (and moves with it). Read-only, so safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ks {

class MappedFile {
 public:
  // An unreadable file is a kInput error naming it; an empty file maps to no bytes.
  static Result<MappedFile> Open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }
  // Which file was mapped (device and inode, both 0 for an empty file), so that a writer can
  // tell whether the name still leads to it.
  uint64_t device() const { return device_; }
  uint64_t inode() const { return inode_; }

 private:
  MappedFile(const char* data, size_t size, uint64_t device, uint64_t inode)
      : data_(data), size_(size), device_(device), inode_(inode) {}
  void Unmap();

  const char* data_ = nullptr;
  size_t size_ = 0;
  uint64_t device_ = 0;
  uint64_t inode_ = 0;
};

}  // namespace ks
