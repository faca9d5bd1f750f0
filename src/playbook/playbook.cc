#include "playbook/playbook.h"

#include <fmt/format.h>

#include "builtin/builtin.h"

namespace ks::playbook {
namespace {

constexpr std::string_view kBuiltinIds[] = {kAccessKey, kRootKey,         kTemporaryCredentials,
                                            kSesSmtp,   kConsoleTakeover, kPrivateKey};

}  // namespace

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "en") return Lang::kEn;
  if (s == "ja") return Lang::kJa;
  return std::nullopt;
}

Lang LangFromLocale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* v : {lc_all, lc_messages, lang}) {
    if (v == nullptr || *v == '\0') continue;
    return std::string_view(v).substr(0, 2) == "ja" ? Lang::kJa : Lang::kEn;
  }
  return Lang::kEn;
}

Lang LocaleLang(Env& env) {
  const auto all = env.GetVar("LC_ALL"), messages = env.GetVar("LC_MESSAGES"),
             lang = env.GetVar("LANG");
  auto c_str = [](const std::optional<std::string>& v) { return v ? v->c_str() : nullptr; };
  return LangFromLocale(c_str(all), c_str(messages), c_str(lang));
}

std::string_view PhaseKey(Phase p) {
  switch (p) {
    case Phase::kContain:
      return "contain";
    case Phase::kInvestigate:
      return "investigate";
    case Phase::kRecover:
      return "recover";
    case Phase::kHarden:
      return "harden";
  }
  return "";
}

std::span<const std::string_view> BuiltinIds() { return kBuiltinIds; }

Result<Catalogue> Catalogue::Builtin() {
  std::vector<PlaybookSource> sources;
  for (std::string_view id : BuiltinIds()) {
    const std::string name = fmt::format("playbooks/{}.yaml", id);
    const std::string_view text = builtin::DataFile(name);
    if (text.empty()) return MakeError(ErrorKind::kInternal, name + " is not built in");
    sources.push_back({name, std::string(text)});
  }
  return Load(sources);
}

const Playbook* Catalogue::Find(std::string_view id) const {
  for (const Playbook& pb : playbooks_) {
    if (pb.id == id) return &pb;
  }
  return nullptr;
}

}  // namespace ks::playbook
