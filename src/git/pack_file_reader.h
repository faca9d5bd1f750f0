// PackFileReader: a pack or pack index read at offsets, and the big-endian fields they hold.
//
// Opened only if it is a regular file, without following a symbolic link and without blocking
// (a FIFO put where a pack belongs is refused, never waited on), and every read is bounded by the
// file's size as it was when opened: a field that claims more than the file holds reads as a
// failure, never past the end. Shared by the checks that vouch for packs (pack_check), the pack
// order (pack_order) and streaming reads of packed objects (pack_stream). Owns its descriptor;
// movable; reads (pread) are safe from several threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/unique_fd.h"

namespace ks::git {

uint32_t Be32(const uint8_t* p);
uint64_t Be64(const uint8_t* p);

class PackFileReader {
 public:
  explicit PackFileReader(const std::string& path);

  bool ok() const { return fd_.valid(); }
  uint64_t size() const { return size_; }
  // Exactly `n` bytes at `offset`; false on an error or when they are not all inside the file.
  bool ReadAt(uint64_t offset, void* out, size_t n) const;
  // Up to `n` bytes at `offset` (fewer at the end of the file); -1 on an error.
  ssize_t ReadSome(uint64_t offset, void* out, size_t n) const;

 private:
  UniqueFd fd_;
  uint64_t size_ = 0;
};

}  // namespace ks::git
