// Unit tests for util/fd_streambuf: a stream over a descriptor, through a pipe.
#include <gtest/gtest.h>
#include <unistd.h>

#include <ostream>
#include <string>
#include <thread>

#include "util/fd_streambuf.h"

namespace ks {
namespace {

std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof(buf))) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

TEST(FdBufTest, WritesEverythingOnFlushIncludingMoreThanOneBuffer) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string big(200000, 'x');
  std::string got;
  {
    FdBuf buf(fds[1]);
    std::ostream out(&buf);
    out << "head " << 42 << "\n";
    ASSERT_TRUE(out.good());
    // A pipe holds 64 KiB: read on another side while writing more than that.
    std::string read_side;
    std::thread reader([&] { read_side = Drain(fds[0]); });
    out << big;
    out.flush();
    EXPECT_TRUE(out.good());
    ::close(fds[1]);
    reader.join();
    got = read_side;
  }
  ::close(fds[0]);
  EXPECT_EQ(got, "head 42\n" + big);
}

TEST(FdBufTest, AWriteThatFailsFailsTheStream) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  FdBuf buf(fds[0]);  // a pipe's read end: every write fails with EBADF
  std::ostream out(&buf);
  out << "lost";
  out.flush();
  EXPECT_TRUE(out.fail());
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace ks
