// Unit tests for src/verify/http_client against real loopback sockets: tiny servers on
// 127.0.0.1 written here (one connection each, on a thread), and `openssl s_server` for TLS.
// Nothing leaves the machine; every wait is bounded so a broken client fails instead of hanging.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <link.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "temp_dir.h"
#include "verify/curl_library.h"
#include "verify/http_client.h"

extern char** environ;

namespace ks::verify {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using PostResult = Result<HttpResponse, HttpError>;  // what Post() returns

constexpr milliseconds kServerWait{5000};  // how long a test server waits for the client
constexpr std::string_view kBody = "Action=GetCallerIdentity&Version=2011-06-15";
constexpr std::string_view kSecretHeader = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/sig";

// An owned file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

bool WaitReadable(int fd, milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
}

// Sends as much of `data` as the peer takes; a peer that hangs up is not an error here.
void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Appends what one recv() returns; false on EOF, error or nothing within `wait`.
bool ReceiveSome(int fd, std::string& out, milliseconds wait) {
  if (!WaitReadable(fd, wait)) return false;
  char buf[4096];
  const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
  if (n <= 0) return false;
  out.append(buf, static_cast<size_t>(n));
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads one HTTP/1.1 request: the head, then Content-Length bytes of body.
std::string ReadHttpRequest(int fd) {
  std::string in;
  size_t head_end;
  while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
    if (!ReceiveSome(fd, in, kServerWait)) return in;
  }
  const std::string head = Lower(in.substr(0, head_end));
  size_t length = 0;
  if (const size_t at = head.find("\r\ncontent-length:"); at != std::string::npos) {
    length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
  }
  while (in.size() < head_end + 4 + length) {
    if (!ReceiveSome(fd, in, kServerWait)) break;
  }
  return in;
}

// A listening TCP socket on 127.0.0.1 with a port the kernel picked.
class Listener {
 public:
  Listener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (!fd_.valid() || ::bind(fd_.get(), Addr(&addr), len) != 0 || ::listen(fd_.get(), 8) != 0 ||
        ::getsockname(fd_.get(), Addr(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(addr.sin_port);
  }

  int port() const { return port_; }
  void Close() { fd_.Reset(); }

  Fd Accept(milliseconds wait) {
    if (!WaitReadable(fd_.get(), wait)) return Fd();
    return Fd(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  }
  // True when a client has connected (the kernel completes the handshake without accept()).
  bool HasPendingConnection() { return WaitReadable(fd_.get(), milliseconds(0)); }

 private:
  static sockaddr* Addr(sockaddr_in* a) { return reinterpret_cast<sockaddr*>(a); }
  Fd fd_;
  int port_ = 0;
};

// Serves one connection on its own thread. The handler talks to the client and returns what
// it received, which the test reads after the client is done.
class OneShotServer {
 public:
  using Handler = std::function<std::string(int fd)>;
  explicit OneShotServer(Handler handler)
      : thread_([this, handler = std::move(handler)] {
          if (Fd conn = listener_.Accept(kServerWait); conn.valid())
            received_ = handler(conn.get());
        }) {}
  ~OneShotServer() { Join(); }
  OneShotServer(const OneShotServer&) = delete;
  OneShotServer& operator=(const OneShotServer&) = delete;

  std::string Url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(listener_.port()) + std::string(path);
  }
  int port() const { return listener_.port(); }
  // Waits for the connection to end and returns everything the server read.
  std::string Received() {
    Join();
    return received_;
  }

 private:
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  Listener listener_;  // before thread_: the thread uses it
  std::string received_;
  std::thread thread_;
};

// Reads the request and answers with `response` verbatim.
OneShotServer::Handler Reply(std::string response) {
  return [response = std::move(response)](int fd) {
    std::string request = ReadHttpRequest(fd);
    SendAll(fd, response);
    return request;
  };
}

// Reads the request and never answers; returns when the client hangs up.
std::string NeverAnswer(int fd) {
  std::string request = ReadHttpRequest(fd);
  std::string ignored;
  while (ReceiveSome(fd, ignored, kServerWait)) {
  }
  return request;
}

std::string CannedResponse(std::string_view status, std::string_view body,
                           std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n" + std::string(extra_headers) + "\r\n" + std::string(body);
}

HttpPostRequest StsLikeRequest(std::string url) {
  HttpPostRequest r;
  r.url = std::move(url);
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"X-Amz-Date", "20150830T123600Z"},
               {"Authorization", std::string(kSecretHeader)}};
  r.body = std::string(kBody);
  r.user_agent = "keysweep-test/1.0";
  r.connect_timeout = milliseconds(2000);
  r.total_timeout = milliseconds(5000);
  return r;
}

// A failure must say what happened without repeating what was sent.
void ExpectNoRequestData(const PostResult& out) {
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.error().message, Not(HasSubstr(std::string(kBody))));
  EXPECT_THAT(out.error().message, Not(HasSubstr("AWS4-HMAC")));
  EXPECT_THAT(out.error().message, Not(HasSubstr("X-Amz-Date")));
}

// Whether any libcurl (libcurl.so.4, libcurl-gnutls.so.4, ...) is mapped into this process.
bool LibcurlIsMapped() {
  bool found = false;
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        const std::string_view name = info->dlpi_name != nullptr ? info->dlpi_name : "";
        if (name.find("libcurl") == std::string_view::npos) return 0;
        *static_cast<bool*>(data) = true;
        return 1;
      },
      &found);
  return found;
}

// Taken before main(), after the dynamic loader has mapped every load-time dependency and before
// any test can have called Post(): this binary links ks_verify exactly as keysweep does.
const bool kLibcurlMappedAtStartup = LibcurlIsMapped();

std::string Describe(const PostResult& out) {
  return out.ok() ? "status " + std::to_string(out->status) : out.error().message;
}

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  explicit ScopedEnv(std::vector<std::pair<std::string, std::optional<std::string>>> vars) {
    for (auto& [name, value] : vars) {
      const char* old = std::getenv(name.c_str());
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      Apply(name, value);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) Apply(name, value);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  static void Apply(const std::string& name, const std::optional<std::string>& value) {
    if (value) {
      ::setenv(name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(HttpClientLibraryTest, LibcurlIsNotALoadTimeDependency) {
  EXPECT_FALSE(kLibcurlMappedAtStartup)
      << "libcurl is linked again: every keysweep start (the pre-commit hook's included) pays "
         "for loading it and its dependencies; it must only be dlopen()ed by LoadCurl()";
}

TEST(HttpClientLibraryTest, LoadsLibcurlOnFirstUse) {
  const CurlLibrary& curl = LoadCurl();
  ASSERT_TRUE(curl.loaded()) << curl.error;
  EXPECT_EQ(curl.error, "");
  // Read through the resolved curl_version pointer.
  EXPECT_THAT(curl.version, StartsWith("libcurl/"));
  EXPECT_TRUE(LibcurlIsMapped());
  EXPECT_EQ(&LoadCurl(), &curl) << "loaded once, the same result every time";
}

TEST(HttpClientTest, PostsHeadersAndBodyAndReturnsTheResponse) {
  const std::string answer = "<GetCallerIdentityResponse><Account>1</Account>";
  OneShotServer server(Reply(CannedResponse("200 OK", answer)));
  HttpPostRequest request = StsLikeRequest(server.Url("/?probe=1"));
  request.headers.push_back({"X-Empty", ""});
  const PostResult out = Post(request);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(out->body, answer);

  const std::string seen = server.Received();
  EXPECT_THAT(seen, StartsWith("POST /?probe=1 HTTP/1.1\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nUser-Agent: keysweep-test/1.0\r\n"));
  EXPECT_THAT(seen,
              HasSubstr("\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nX-Amz-Date: 20150830T123600Z\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nAuthorization: " + std::string(kSecretHeader) + "\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nX-Empty:\r\n"));
  EXPECT_THAT(seen, HasSubstr("\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n"));
  EXPECT_THAT(seen, Not(HasSubstr("Expect:")));
  EXPECT_EQ(seen.find("Content-Type"), seen.rfind("Content-Type")) << "sent twice";
  EXPECT_TRUE(seen.ends_with("\r\n\r\n" + std::string(kBody)));
}

TEST(HttpClientTest, ErrorStatusesAreResponses) {
  OneShotServer server(Reply(CannedResponse("403 Forbidden", "<Code>InvalidClientTokenId</Code>")));
  const PostResult out = Post(StsLikeRequest(server.Url()));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, 403);
  EXPECT_EQ(out->body, "<Code>InvalidClientTokenId</Code>");
}

TEST(HttpClientTest, ConcurrentCallsAreIndependent) {
  constexpr int kCalls = 8;
  std::vector<std::unique_ptr<OneShotServer>> servers;
  for (int i = 0; i < kCalls; ++i) {
    servers.push_back(
        std::make_unique<OneShotServer>(Reply(CannedResponse("200 OK", std::to_string(i)))));
  }
  std::vector<std::string> bodies(kCalls);
  std::vector<std::thread> clients;
  for (int i = 0; i < kCalls; ++i) {
    clients.emplace_back([&, i] {
      const PostResult out = Post(StsLikeRequest(servers[i]->Url()));
      bodies[i] = out.ok() ? out->body : out.error().message;
    });
  }
  for (std::thread& t : clients) t.join();
  for (int i = 0; i < kCalls; ++i) EXPECT_EQ(bodies[i], std::to_string(i));
}

TEST(HttpClientTest, LocalhostByNameIsLoopback) {
  OneShotServer server(Reply(CannedResponse("200 OK", "ok")));
  const PostResult out =
      Post(StsLikeRequest("http://localhost:" + std::to_string(server.port()) + "/"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->body, "ok");
}

TEST(HttpClientTest, ClosedPortIsAConnectFailure) {
  Listener closed;
  const int port = closed.port();
  closed.Close();
  const auto start = std::chrono::steady_clock::now();
  const PostResult out = Post(StsLikeRequest("http://127.0.0.1:" + std::to_string(port) + "/"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kConnect) << out.error().message;
  EXPECT_THAT(out.error().message, HasSubstr("127.0.0.1"));
  EXPECT_LT(elapsed, milliseconds(1500)) << "a refused connection must not wait for a timeout";
  ExpectNoRequestData(out);
}

TEST(HttpClientTest, SilentServerTimesOut) {
  OneShotServer server(NeverAnswer);
  HttpPostRequest request = StsLikeRequest(server.Url());
  request.total_timeout = milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  const PostResult out = Post(request);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kTimeout) << out.error().message;
  EXPECT_LT(elapsed, 3 * request.total_timeout);  // a hang guard, not a benchmark
  ExpectNoRequestData(out);
  EXPECT_THAT(server.Received(), HasSubstr(std::string(kBody))) << "the request did go out";
}

TEST(HttpClientTest, PlainHttpToOtherHostsIsRefusedBeforeConnecting) {
  for (const char* url : {"http://sts.invalid/", "http://STS.invalid:80/x",
                          // Look-alikes: libcurl's own parse decides what the host is.
                          "http://127.0.0.1@sts.invalid/", "http://127.0.0.1.sts.invalid/",
                          "http://localhost.sts.invalid/", "http://127.0.0.2/"}) {
    SCOPED_TRACE(url);
    const PostResult out = Post(StsLikeRequest(url));
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, HttpFailure::kRefused) << out.error().message;
    EXPECT_THAT(out.error().message, HasSubstr("plain http"));
    EXPECT_THAT(out.error().message, HasSubstr("loopback"));
    ExpectNoRequestData(out);
  }
}

TEST(HttpClientTest, OtherSchemesAndBadUrlsAreRefused) {
  for (const char* url : {"ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1/",
                          "sts.amazonaws.com", "", "https://"}) {
    SCOPED_TRACE(url);
    const PostResult out = Post(StsLikeRequest(url));
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, HttpFailure::kRefused) << out.error().message;
  }
}

TEST(HttpClientTest, RedirectsAreNotFollowed) {
  // 307 and 308 would re-send the POST body; none may be followed.
  for (const char* status : {"302 Found", "307 Temporary Redirect", "308 Permanent Redirect"}) {
    SCOPED_TRACE(status);
    Listener elsewhere;
    const std::string location =
        "Location: http://127.0.0.1:" + std::to_string(elsewhere.port()) + "/\r\n";
    OneShotServer server(Reply(CannedResponse(status, "", location)));
    const PostResult out = Post(StsLikeRequest(server.Url()));
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(out->status, std::stol(status));
    EXPECT_FALSE(elsewhere.HasPendingConnection()) << "the redirect was followed";
  }
}

TEST(HttpClientTest, OversizedBodyWithContentLengthFails) {
  OneShotServer server(Reply(CannedResponse("200 OK", std::string(2 << 20, 'x'))));
  const PostResult out = Post(StsLikeRequest(server.Url()));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kOther);
  EXPECT_THAT(out.error().message, HasSubstr("response too large"));
  ExpectNoRequestData(out);
}

TEST(HttpClientTest, OversizedBodyWithoutContentLengthFails) {
  // Delimited by the connection closing, so only the running count can stop it.
  OneShotServer server(
      Reply("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + std::string(2 << 20, 'x')));
  const PostResult out = Post(StsLikeRequest(server.Url()));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kOther);
  EXPECT_THAT(out.error().message, HasSubstr("response too large"));
}

TEST(HttpClientTest, BodyLimitIsInclusive) {
  struct Case {
    std::string response;
    bool ok;
  };
  const std::string at_limit(16, 'a');
  const std::string over_limit(17, 'a');
  const std::string unframed = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
  for (const Case& c :
       {Case{CannedResponse("200 OK", at_limit), true}, Case{unframed + at_limit, true},
        Case{CannedResponse("200 OK", over_limit), false}, Case{unframed + over_limit, false}}) {
    OneShotServer server(Reply(c.response));
    HttpPostRequest request = StsLikeRequest(server.Url());
    request.max_response_bytes = 16;
    const PostResult out = Post(request);
    EXPECT_EQ(out.ok(), c.ok) << Describe(out) << " for " << c.response;
    if (out.ok()) {
      EXPECT_EQ(out->body, at_limit);
    }
  }
}

// Header problems are caught before any connection (port 9 would refuse one anyway).
PostResult PostWithExtraHeader(HttpHeader header) {
  HttpPostRequest request = StsLikeRequest("http://127.0.0.1:9/");
  request.headers.push_back(std::move(header));
  return Post(request);
}

TEST(HttpClientTest, HeaderValuesThatCouldInjectAreRefusedUnquoted) {
  for (const std::string& value : std::vector<std::string>{
           "1\r\nX-Evil: 1", "1\nX-Evil: 1", "1\rX-Evil: 1", std::string("1\0X-Evil: 1", 12)}) {
    SCOPED_TRACE(value);
    const PostResult out = PostWithExtraHeader({"X-Amz-Security-Token", value});
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, HttpFailure::kRefused) << out.error().message;
    EXPECT_THAT(out.error().message, HasSubstr("X-Amz-Security-Token"));
    EXPECT_THAT(out.error().message, Not(HasSubstr("X-Evil")));  // the value may be a secret
  }
}

TEST(HttpClientTest, InvalidHeaderNamesAreRefusedEscaped) {
  for (const std::string& name :
       std::vector<std::string>{"X-Evil: 1\r\nX", "Bad Name", "Colon:", ""}) {
    SCOPED_TRACE(name);
    const PostResult out = PostWithExtraHeader({name, "v"});
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, HttpFailure::kRefused) << out.error().message;
    EXPECT_THAT(out.error().message, HasSubstr("invalid header name"));
    EXPECT_THAT(out.error().message, Not(HasSubstr("\r")));  // a raw CR would break the line
    EXPECT_THAT(out.error().message, Not(HasSubstr("\n")));
  }
}

TEST(HttpClientTest, NonPositiveTimeoutsAreRefused) {
  HttpPostRequest request = StsLikeRequest("http://127.0.0.1:9/");
  request.total_timeout = milliseconds(0);
  const PostResult zero_total = Post(request);
  ASSERT_FALSE(zero_total.ok());
  EXPECT_EQ(zero_total.error().kind, HttpFailure::kRefused);
  request = StsLikeRequest("http://127.0.0.1:9/");
  request.connect_timeout = milliseconds(-1);
  const PostResult negative_connect = Post(request);
  ASSERT_FALSE(negative_connect.ok());
  EXPECT_EQ(negative_connect.error().kind, HttpFailure::kRefused);
}

TEST(HttpClientTest, LoopbackNeverUsesAProxy) {
  Listener closed;  // a proxy that would refuse every connection
  const std::string proxy = "http://127.0.0.1:" + std::to_string(closed.port());
  closed.Close();
  ScopedEnv env({{"http_proxy", proxy},
                 {"all_proxy", proxy},
                 {"ALL_PROXY", proxy},
                 {"no_proxy", std::nullopt},
                 {"NO_PROXY", std::nullopt}});
  OneShotServer server(Reply(CannedResponse("200 OK", "direct")));
  const PostResult out = Post(StsLikeRequest(server.Url()));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->body, "direct");
}

TEST(HttpClientTest, HttpsUsesTheEnvironmentProxyThroughATunnel) {
  // The proxy answers CONNECT with a refusal; all it may ever see is the tunnel request.
  OneShotServer proxy(Reply(CannedResponse("403 Forbidden", "")));
  ScopedEnv env({{"https_proxy", "http://127.0.0.1:" + std::to_string(proxy.port())},
                 {"no_proxy", std::nullopt},
                 {"NO_PROXY", std::nullopt}});
  const PostResult out = Post(StsLikeRequest("https://sts.invalid/"));
  ASSERT_FALSE(out.ok());
  ExpectNoRequestData(out);
  const std::string seen = proxy.Received();
  EXPECT_THAT(seen, StartsWith("CONNECT sts.invalid:443 HTTP/1.1\r\n"));
  EXPECT_THAT(seen, Not(HasSubstr("AWS4-HMAC")));
  EXPECT_THAT(seen, Not(HasSubstr(std::string(kBody))));
}

TEST(HttpClientTest, HttpsToAPlainServerIsATlsFailureAndSendsNothingReadable) {
  OneShotServer server([](int fd) {
    std::string hello;
    ReceiveSome(fd, hello, kServerWait);
    SendAll(fd, CannedResponse("400 Bad Request", ""));
    return hello;
  });
  const PostResult out =
      Post(StsLikeRequest("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kTls) << out.error().message;
  ExpectNoRequestData(out);
  const std::string seen = server.Received();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen[0], '\x16') << "not a TLS handshake record";
  EXPECT_THAT(seen, Not(HasSubstr("POST")));
  EXPECT_THAT(seen, Not(HasSubstr("AWS4-HMAC")));
}

TEST(HttpClientTest, UnreadableCaFileIsATlsFailure) {
  OneShotServer server([](int fd) {
    std::string ignored;
    ReceiveSome(fd, ignored, milliseconds(1000));
    return ignored;
  });
  HttpPostRequest request =
      StsLikeRequest("https://127.0.0.1:" + std::to_string(server.port()) + "/");
  request.ca_file = "/nonexistent/keysweep-test-ca.pem";
  const PostResult out = Post(request);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kTls) << out.error().message;
}

// `openssl s_server` on 127.0.0.1 with a throwaway certificate, for one connection. Whatever is
// written to its stdin goes to the client; what it decrypts from the client lands on its stdout.
class OpenSslServer {
 public:
  OpenSslServer(const std::string& cert, const std::string& key, std::string_view reply) {
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    Fd child_in(in[0]);
    Fd child_out(out[1]);
    stdin_ = Fd(in[1]);
    stdout_ = Fd(out[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, child_out.get(), 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {"openssl", "s_server", "-accept", "127.0.0.1:0", "-cert",
                                     cert,      "-key",     key,       "-naccept",    "1"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawnp(&pid_, "openssl", &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    if (pid_ < 0) return;
    // Sent once the handshake is done. The pipe stays open: at EOF s_server would hang up,
    // possibly before the client has read the reply.
    SendToClient(reply);
    ReadPort();
  }
  ~OpenSslServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  OpenSslServer(const OpenSslServer&) = delete;
  OpenSslServer& operator=(const OpenSslServer&) = delete;

  int port() const { return port_; }  // 0 if it did not start
  // Output so far, waiting up to `wait` (or until s_server exits) for `expected` to appear.
  std::string Output(std::string_view expected, milliseconds wait) {
    ReadUntil([&](const std::string& out) { return out.find(expected) != std::string::npos; },
              wait);
    return output_;
  }

 private:
  void SendToClient(std::string_view data) {
    if (!data.empty() && ::write(stdin_.get(), data.data(), data.size()) < 0) {
      ADD_FAILURE() << "cannot write to s_server";
    }
  }
  void ReadUntil(const std::function<bool(const std::string&)>& done, milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!eof_ && !done(output_) && std::chrono::steady_clock::now() < deadline) {
      if (!WaitReadable(stdout_.get(), milliseconds(100))) continue;
      char buf[4096];
      const ssize_t n = ::read(stdout_.get(), buf, sizeof(buf));
      if (n <= 0) eof_ = true;
      if (n > 0) output_.append(buf, static_cast<size_t>(n));
    }
  }
  // s_server announces the port the kernel gave it: "ACCEPT 127.0.0.1:<port>\n".
  void ReadPort() {
    constexpr std::string_view kAccept = "ACCEPT 127.0.0.1:";
    ReadUntil(
        [&](const std::string& out) {
          const size_t at = out.find(kAccept);
          return at != std::string::npos && out.find('\n', at) != std::string::npos;
        },
        kServerWait);
    if (const size_t at = output_.find(kAccept); at != std::string::npos) {
      port_ = std::atoi(output_.c_str() + at + kAccept.size());
    }
  }

  pid_t pid_ = -1;
  Fd stdin_;
  Fd stdout_;
  std::string output_;
  bool eof_ = false;
  int port_ = 0;
};

// A self-signed certificate (its own CA) for `san`, written to `dir`; false without openssl.
bool MakeCertificate(const ks::testing::TempDir& dir, const std::string& name,
                     const std::string& san) {
  const std::string base = (dir.path() / name).string();
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
      "-subj /CN=keysweep-test -addext subjectAltName=" +
      san + " -keyout '" + base + ".key' -out '" + base + ".pem' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

class HttpClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!MakeCertificate(dir_, "loopback", "IP:127.0.0.1,DNS:localhost") ||
        !MakeCertificate(dir_, "other", "DNS:sts.invalid")) {
      GTEST_SKIP() << "the openssl command is not available";
    }
  }
  std::string Cert(const std::string& name) const { return (dir_.path() / name).string() + ".pem"; }
  std::string Key(const std::string& name) const { return (dir_.path() / name).string() + ".key"; }

  ks::testing::TempDir dir_;
};

TEST_F(HttpClientTlsTest, TrustedCertificateCarriesTheRequest) {
  OpenSslServer server(Cert("loopback"), Key("loopback"), CannedResponse("200 OK", "secure"));
  if (server.port() == 0) GTEST_SKIP() << "openssl s_server did not start";
  HttpPostRequest request =
      StsLikeRequest("https://127.0.0.1:" + std::to_string(server.port()) + "/");
  request.ca_file = Cert("loopback");
  const PostResult out = Post(request);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(out->body, "secure");
  const std::string seen = server.Output(kBody, kServerWait);
  EXPECT_THAT(seen, HasSubstr("POST / HTTP/1.1\r\n"));
  EXPECT_THAT(seen, HasSubstr(std::string(kBody)));
}

TEST_F(HttpClientTlsTest, UntrustedCertificateIsRefused) {
  OpenSslServer server(Cert("loopback"), Key("loopback"), "");
  if (server.port() == 0) GTEST_SKIP() << "openssl s_server did not start";
  // No ca_file: the system store does not know this self-signed certificate.
  const PostResult out =
      Post(StsLikeRequest("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kTls) << out.error().message;
  ExpectNoRequestData(out);
  EXPECT_THAT(server.Output(kBody, milliseconds(200)), Not(HasSubstr(std::string(kBody))));
}

TEST_F(HttpClientTlsTest, CertificateForAnotherHostIsRefused) {
  OpenSslServer server(Cert("other"), Key("other"), "");
  if (server.port() == 0) GTEST_SKIP() << "openssl s_server did not start";
  HttpPostRequest request =
      StsLikeRequest("https://127.0.0.1:" + std::to_string(server.port()) + "/");
  request.ca_file = Cert("other");  // trusted, but issued for sts.invalid
  const PostResult out = Post(request);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, HttpFailure::kTls) << out.error().message;
  ExpectNoRequestData(out);
  EXPECT_THAT(server.Output(kBody, milliseconds(200)), Not(HasSubstr(std::string(kBody))));
}

}  // namespace
}  // namespace ks::verify
