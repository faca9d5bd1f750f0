#include "source/history_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/file.h"

namespace ks {
namespace {

using Json = nlohmann::json;
constexpr int kVersion = 1;

Json CommitJson(const CommitInfo& c) {
  return Json{{"id", c.id},     {"author", c.author}, {"email", c.email},
              {"date", c.date}, {"time", c.time},     {"generation", c.generation}};
}

CommitInfo CommitFrom(const Json& j) {
  return CommitInfo{j.at("id").get<std::string>(),    j.at("author").get<std::string>(),
                    j.at("email").get<std::string>(), j.at("date").get<std::string>(),
                    j.at("time").get<int64_t>(),      j.at("generation").get<uint64_t>()};
}

Json Header(const HistoryState& s) {
  Json blobs = Json::object();
  for (const auto& [blob, intros] : s.finding_blobs) {
    Json list = Json::array();
    for (const Introduction& in : intros) {
      list.push_back(Json{{"commit", CommitJson(in.commit)}, {"path", in.path}});
    }
    blobs[blob] = std::move(list);
  }
  Json messages = Json::array();
  for (const CommitInfo& c : s.finding_messages) messages.push_back(CommitJson(c));
  return Json{{"keysweep_state", kVersion},
              {"key", s.key},
              {"commits", s.known_commits},
              {"finding_blobs", std::move(blobs)},
              {"finding_messages", std::move(messages)}};
}

void ReadHeader(const Json& j, HistoryState* s) {
  s->key = j.at("key").get<std::string>();
  s->known_commits = j.at("commits").get<std::vector<std::string>>();
  for (const auto& [blob, list] : j.at("finding_blobs").items()) {
    auto& intros = s->finding_blobs[blob];
    for (const Json& in : list) {
      intros.push_back(Introduction{CommitFrom(in.at("commit")), in.at("path").get<std::string>()});
    }
  }
  for (const Json& c : j.at("finding_messages")) s->finding_messages.push_back(CommitFrom(c));
}

Status ReadBlobIds(std::string_view raw, HistoryState* s) {
  if (raw.size() % git::Oid::kSize != 0) return MakeError(ErrorKind::kInput, "truncated blob list");
  s->scanned_blobs.Reserve(raw.size() / git::Oid::kSize);
  for (size_t i = 0; i < raw.size(); i += git::Oid::kSize) {
    git::Oid id;
    std::memcpy(id.bytes.data(), raw.data() + i, git::Oid::kSize);
    s->scanned_blobs.insert(id);
  }
  return {};
}

Error Malformed(const std::string& path, const std::string& why) {
  return MakeError(ErrorKind::kInput,
                   path + ": not a keysweep state file (" + why + "); delete it for a full scan");
}

}  // namespace

Result<HistoryState> LoadHistoryState(const std::string& path) {
  HistoryState state;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return state;
  std::string bytes;
  if (!ReadFileToString(path, &bytes)) return MakeError(ErrorKind::kInput, "cannot read " + path);
  const size_t nl = bytes.find('\n');
  if (nl == std::string::npos) return Malformed(path, "no header");
  const Json header = Json::parse(bytes.substr(0, nl), nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object() || !header.contains("keysweep_state")) {
    return Malformed(path, "bad header");
  }
  if (header["keysweep_state"] != kVersion) return Malformed(path, "another version");
  try {
    ReadHeader(header, &state);
  } catch (const Json::exception& e) {
    return Malformed(path, e.what());
  }
  if (Status s = ReadBlobIds(std::string_view(bytes).substr(nl + 1), &state); !s) {
    return Malformed(path, s.error().message);
  }
  return state;
}

Status SaveHistoryState(const std::string& path, const HistoryState& state) {
  std::string bytes = Header(state).dump();
  bytes += '\n';
  bytes.reserve(bytes.size() + state.scanned_blobs.size() * git::Oid::kSize);
  state.scanned_blobs.ForEach([&](const git::Oid& id) {
    bytes.append(reinterpret_cast<const char*>(id.bytes.data()), git::Oid::kSize);
  });
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorKind::kInput, tmp + ": " + std::strerror(errno));
  const bool written =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorKind::kInput, "cannot write the state file " + path);
  }
  return {};
}

}  // namespace ks
