// FdBuf: a buffered, write-only std::streambuf over a file descriptor it does not own, for
// streams over files std::ofstream cannot open (a temporary made with mkostemp, the descriptor of
// an AtomicFile). Writes retry on EINTR; a failed write fails the stream. The descriptor must
// outlive the buffer; flush the stream before closing it. One thread at a time.
#pragma once

#include <array>
#include <streambuf>

namespace ks {

class FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) { setp(buf_.data(), buf_.data() + buf_.size()); }
  FdBuf(const FdBuf&) = delete;
  FdBuf& operator=(const FdBuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain();

  int fd_;
  std::array<char, 1 << 16> buf_{};
};

}  // namespace ks
