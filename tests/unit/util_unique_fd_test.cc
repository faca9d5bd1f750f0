// UniqueFd: closes what it owns exactly once, hands ownership over on move and release().
// A pipe shows whether a write end is still open: its read end sees EOF only once every
// descriptor for the write end is closed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/unique_fd.h"

namespace ks {
namespace {

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0); }
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  // Whether every descriptor for the write end is closed (a read finds EOF, not EAGAIN).
  bool WriterClosed() const {
    char c;
    return ::read(fds[0], &c, 1) == 0;
  }
  int TakeWriter() { return std::exchange(fds[1], -1); }
  int fds[2] = {-1, -1};
};

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFdTest, ClosesWhatItOwnsWhenDestroyed) {
  Pipe p;
  {
    const UniqueFd writer(p.TakeWriter());
    EXPECT_TRUE(writer.valid());
    EXPECT_FALSE(p.WriterClosed());
  }
  EXPECT_TRUE(p.WriterClosed());
}

TEST(UniqueFdTest, DefaultOwnsNothing) {
  const UniqueFd none;
  EXPECT_EQ(none.get(), -1);
  EXPECT_FALSE(none);
}

TEST(UniqueFdTest, MoveHandsOwnershipOverAndMoveAssignmentClosesTheOldOne) {
  Pipe first, second;
  UniqueFd a(first.TakeWriter());
  const int raw = a.get();
  UniqueFd b(std::move(a));
  EXPECT_EQ(a.get(), -1);  // NOLINT(bugprone-use-after-move): moved-from state is the contract
  EXPECT_EQ(b.get(), raw);
  EXPECT_FALSE(first.WriterClosed());
  UniqueFd c(second.TakeWriter());
  c = std::move(b);
  EXPECT_TRUE(second.WriterClosed());
  EXPECT_FALSE(first.WriterClosed());
  EXPECT_EQ(c.get(), raw);
  c.reset();
  EXPECT_TRUE(first.WriterClosed());
}

TEST(UniqueFdTest, ReleaseGivesTheDescriptorUpWithoutClosingIt) {
  Pipe p;
  int raw = -1;
  {
    UniqueFd writer(p.TakeWriter());
    raw = writer.release();
    EXPECT_FALSE(writer.valid());
  }
  EXPECT_TRUE(IsOpen(raw));
  EXPECT_FALSE(p.WriterClosed());
  ::close(raw);
  EXPECT_TRUE(p.WriterClosed());
}

TEST(UniqueFdTest, ResetClosesTheOldDescriptorButNotTheSameOneTwice) {
  Pipe first, second;
  UniqueFd fd(first.TakeWriter());
  fd.reset(fd.get());  // taking what it already owns must not close it
  EXPECT_FALSE(first.WriterClosed());
  fd.reset(second.TakeWriter());
  EXPECT_TRUE(first.WriterClosed());
  EXPECT_FALSE(second.WriterClosed());
}

TEST(UniqueFdTest, CloseReportsTheOutcomeAndLeavesNothingOwned) {
  Pipe p;
  UniqueFd fd(p.TakeWriter());
  EXPECT_TRUE(fd.Close().ok());
  EXPECT_FALSE(fd.valid());
  EXPECT_TRUE(p.WriterClosed());
  const Status again = fd.Close();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, std::strerror(EBADF));
}

TEST(UniqueFdTest, ADescriptorClosedBehindItsBackIsReportedByClose) {
  Pipe p;
  const int raw = p.TakeWriter();
  UniqueFd fd(raw);
  ::close(raw);
  const Status s = fd.Close();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInput);
  EXPECT_EQ(s.error().message, std::strerror(EBADF));
}

}  // namespace
}  // namespace ks
