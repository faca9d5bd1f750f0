// The pool's users still behave on several workers: FileSource, git's staged files and the STS
// verifier each hand every item over once, keep a worker's calls apart, and run as many at
// once as they were told to.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "git/repository.h"
#include "git/staged.h"
#include "source/file_source.h"
#include "temp_dir.h"
#include "util/unique_fd.h"
#include "verify/sts_verifier.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// Fails a call that starts while another call of the same worker is still running.
class OverlapCheck {
 public:
  explicit OverlapCheck(size_t workers) : busy_(workers) {}
  void Enter(size_t worker) {
    if (worker >= busy_.size()) {
      ++out_of_range_;
    } else if (busy_[worker].exchange(true)) {
      ++overlaps_;
    }
  }
  void Leave(size_t worker) {
    if (worker < busy_.size()) busy_[worker] = false;
  }
  size_t overlaps() const { return overlaps_; }
  size_t out_of_range() const { return out_of_range_; }

 private:
  std::vector<std::atomic<bool>> busy_;
  std::atomic<size_t> overlaps_{0}, out_of_range_{0};
};

// "f1000", "f1001", ...: name order is number order. (Built by appending: GCC 12 warns falsely
// on "f" + std::to_string(...).)
std::string FileName(size_t i) {
  std::string name = "f";
  name.append(std::to_string(1000 + i));
  return name;
}

class QuietDiagnostics : public Diagnostics {
 protected:
  void OnNotice(const std::string& /*msg*/) override {}
  void OnError(const std::string& /*msg*/) override {}
};

TEST(ParallelForUsersTest, FileSourceWorkersEachReadOneFileAtATime) {
  testing::TempDir dir;
  for (int i = 0; i < 300; ++i) dir.Write(FileName(i), std::to_string(i));
  QuietDiagnostics diag;
  FileSource source(SourceOptions{1 << 20, 4}, &diag);
  OverlapCheck check(4);
  std::mutex mu;
  std::vector<size_t> seqs;
  source.Run({dir.path().string()}, [&](const Blob& b, const BlobContext& where) {
    const size_t worker = where.worker, seq = where.seq;
    check.Enter(worker);
    EXPECT_EQ(b.bytes, std::to_string(seq));  // walk order is name order: f1000 holds "0"
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    {
      std::lock_guard lock(mu);
      seqs.push_back(seq);
    }
    check.Leave(worker);
  });
  EXPECT_EQ(check.overlaps(), 0u);
  EXPECT_EQ(check.out_of_range(), 0u);
  std::sort(seqs.begin(), seqs.end());
  ASSERT_EQ(seqs.size(), 300u);
  for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i);
  EXPECT_EQ(source.stats().blobs, 300u);
}

// --- git staged files ----------------------------------------------------------------------

// Runs git in `dir` with a fixed identity; true when it succeeded.
bool Git(const fs::path& dir, const std::string& args) {
  const std::string cmd = "cd '" + dir.string() + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" +
                          dir.string() +
                          "' GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com "
                          "GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.com git " +
                          args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

std::string StagedContent(int i) { return "line " + std::to_string(i) + "\nsecond line\n"; }

TEST(ParallelForUsersTest, StagedFilesAreEachHandedOverOnceAcrossWorkers) {
  testing::TempDir dir;
  ASSERT_TRUE(Git(dir.path(), "init -q -b main"));
  constexpr int kFiles = 300;  // 64 files a worker: four workers with threads = 4
  for (int i = 0; i < kFiles; ++i) dir.Write(FileName(i), StagedContent(i));
  ASSERT_TRUE(Git(dir.path(), "add -A"));
  auto repo = git::Repository::Discover(dir.path().string());
  ASSERT_TRUE(repo.ok()) << repo.error().message;
  OverlapCheck check(4);
  std::mutex mu;
  std::vector<std::pair<size_t, std::string>> seen;  // seq, path
  std::set<size_t> workers;
  git::StagedCallbacks cb;
  cb.file = [&](const git::StagedFile& f, std::string_view bytes, size_t worker, size_t seq) {
    check.Enter(worker);
    EXPECT_EQ(bytes, StagedContent(std::stoi(f.path.substr(1)) - 1000)) << f.path;
    std::lock_guard lock(mu);
    seen.emplace_back(seq, f.path);
    workers.insert(worker);
    check.Leave(worker);
  };
  cb.too_large = [](const std::string& path, uint64_t) { ADD_FAILURE() << path; };
  cb.error = [](const std::string& path, const Error& e) { ADD_FAILURE() << path << e.message; };
  git::StagedOptions opts;
  opts.threads = 4;
  ASSERT_TRUE(git::ForEachStagedFile(*repo, opts, cb));
  EXPECT_EQ(check.overlaps(), 0u);
  EXPECT_EQ(check.out_of_range(), 0u);
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), static_cast<size_t>(kFiles));
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, i);
    EXPECT_EQ(seen[i].second, FileName(i));  // seq is path order
  }
  EXPECT_LE(*workers.rbegin(), 3u);
}

// --- the STS verifier ------------------------------------------------------------------------

constexpr std::string_view kCallerIdentity =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDASAMPLEUSERID12345</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
</GetCallerIdentityResponse>
)";

// A loopback stand-in for STS that holds every request for `hold` before confirming the key,
// one thread a connection, and counts the requests in flight.
class SlowSts {
 public:
  explicit SlowSts(milliseconds hold) : hold_(hold) {
    listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    auto* raw = reinterpret_cast<sockaddr*>(&addr);
    if (!listener_ || ::bind(listener_.get(), raw, len) != 0 ||
        ::listen(listener_.get(), 16) != 0 || ::getsockname(listener_.get(), raw, &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptUntilStopped(); });
  }
  ~SlowSts() {
    stop_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    for (std::thread& t : handlers_) t.join();
  }
  SlowSts(const SlowSts&) = delete;
  SlowSts& operator=(const SlowSts&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int peak() const { return peak_; }
  std::vector<std::string> key_ids() {
    std::lock_guard lock(mu_);
    return key_ids_;
  }

 private:
  void AcceptUntilStopped() {
    while (!stop_) {
      pollfd p{listener_.get(), POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      UniqueFd conn(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (!conn) continue;
      std::lock_guard lock(mu_);
      handlers_.emplace_back([this, fd = conn.release()] { Serve(UniqueFd(fd)); });
    }
  }

  void Serve(UniqueFd conn) {
    const std::string request = ReadRequest(conn.get());
    Record(request);
    const int now = ++in_flight_;
    for (int p = peak_; now > p && !peak_.compare_exchange_weak(p, now);) {
    }
    std::this_thread::sleep_for(hold_);
    --in_flight_;
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " +
                                 std::to_string(kCallerIdentity.size()) +
                                 "\r\nConnection: close\r\n\r\n" + std::string(kCallerIdentity);
    for (std::string_view left = response; !left.empty();) {
      const ssize_t n = ::send(conn.get(), left.data(), left.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      left.remove_prefix(static_cast<size_t>(n));
    }
  }

  // The head and a Content-Length body, within a few seconds.
  static std::string ReadRequest(int fd) {
    std::string in;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) {
      const size_t head = in.find("\r\n\r\n");
      if (head != std::string::npos) {
        const size_t at = in.find("Content-Length: ");
        const size_t length = at == std::string::npos ? 0 : std::stoul(in.substr(at + 16));
        if (in.size() >= head + 4 + length) break;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
    }
    return in;
  }

  // The key ID the request was signed with: "Credential=<key id>/<date>/...".
  void Record(const std::string& request) {
    const size_t at = request.find("Credential=");
    if (at == std::string::npos) return;
    const size_t start = at + 11;
    std::lock_guard lock(mu_);
    key_ids_.push_back(request.substr(start, request.find('/', start) - start));
  }

  milliseconds hold_;
  UniqueFd listener_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> in_flight_{0}, peak_{0};
  std::mutex mu_;
  std::vector<std::string> key_ids_;
  std::vector<std::thread> handlers_;
  std::thread acceptor_;  // last: it uses everything above
};

TEST(ParallelForUsersTest, TheVerifierChecksEachDistinctKeyOnceWithConcurrencyRequestsAtOnce) {
  SlowSts sts(milliseconds(400));
  verify::StsOptions opts;
  opts.endpoint = sts.Url();
  opts.concurrency = 3;
  opts.request_timeout = milliseconds(10000);
  auto verifier = verify::StsVerifier::Create(opts);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message;
  std::vector<verify::Credential> creds;
  std::vector<std::string> distinct;
  for (int i = 0; i < 6; ++i) {
    const std::string key_id = "AKIAQYLPMN5HHHFPZAM" + std::string(1, static_cast<char>('A' + i));
    distinct.push_back(key_id);
    creds.push_back({key_id, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""});
  }
  creds.push_back(creds[1]);  // a repeated pair is checked once and shares the verdict
  const auto verdicts = verifier->VerifyAll(creds);
  ASSERT_EQ(verdicts.size(), creds.size());
  for (const verify::Verdict& v : verdicts) {
    EXPECT_EQ(v.status, verify::Status::kValid) << v.reason;
    EXPECT_EQ(v.account, "123456789012");
  }
  std::vector<std::string> sent = sts.key_ids();
  std::sort(sent.begin(), sent.end());
  EXPECT_EQ(sent, distinct);
  EXPECT_EQ(sts.peak(), 3) << "concurrency 3 means three requests at once, never more";
}

}  // namespace
}  // namespace ks
