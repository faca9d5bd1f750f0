// Response playbooks: what a responder does after a credential leaks, step by step, in English
// and Japanese (patterns/playbooks/<id>.yaml, embedded in the binary as "playbooks/<id>.yaml").
//
// A playbook has four phases (contain, investigate, recover, harden); each step says what to do,
// why, and usually which AWS CLI commands do it. Commands are templates: {key_id}, {account},
// {user_name}, {role_name} and {region} are filled from a finding (playbook/values.h), and a
// step may run its commands in every region. The loader rejects anything it does not know, with
// file:line, so a typo in the data fails the build's tests instead of reaching a responder.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/env.h"
#include "util/result.h"

namespace ks::playbook {

enum class Lang { kEn, kJa };

// "en" or "ja".
std::optional<Lang> ParseLang(std::string_view s);
// The language the environment asks for: the first set of LC_ALL, LC_MESSAGES and LANG (POSIX
// precedence) decides; "ja…" (ja_JP.UTF-8, ja) means Japanese, anything else English.
Lang LangFromLocale(const char* lc_all, const char* lc_messages, const char* lang);
// The same, read from the environment's LC_ALL, LC_MESSAGES and LANG.
Lang LocaleLang(Env& env);

// One piece of prose in both languages; both are required.
struct Text {
  std::string en;
  std::string ja;
  const std::string& In(Lang lang) const { return lang == Lang::kJa ? ja : en; }
};

enum class Phase { kContain, kInvestigate, kRecover, kHarden };
inline constexpr std::array<Phase, 4> kPhases = {Phase::kContain, Phase::kInvestigate,
                                                 Phase::kRecover, Phase::kHarden};
std::string_view PhaseKey(Phase p);  // the YAML key: "contain", …

// Whether a step's commands run once or in every enabled region (a loop over
// `aws ec2 describe-regions`, the region in "$region").
enum class RegionLoop {
  kNone,
  kAlways,       // attackers work in regions you do not use: CloudTrail, compute, GuardDuty
  kWhenUnknown,  // {region} when the finding names one, otherwise every region
};

// Who a credential belongs to, as far as STS told us.
enum class Identity { kUnknown, kUser, kRole, kRoot };

struct Step {
  Text action;  // "do": what to do, imperative and short
  Text why;
  std::vector<std::string> commands;  // each one line starting with "aws "
  RegionLoop loop = RegionLoop::kNone;
  // Only for credentials of this kind: skipped when the verified identity is another kind,
  // shown when it is unknown (the responder decides).
  Identity identity = Identity::kUnknown;
};

struct Escalation {
  std::string to;  // another playbook's id
  Text when;       // the signs that call for it
};

struct Playbook {
  std::string id;
  std::string file;  // where it was loaded from, for messages
  Text title;
  Text summary;  // one line: the list, and SARIF help text
  std::optional<Escalation> escalate;
  std::array<std::vector<Step>, kPhases.size()> phases;

  const std::vector<Step>& steps(Phase p) const { return phases[static_cast<size_t>(p)]; }
};

struct PlaybookSource {
  std::string name;  // shown in messages, e.g. "playbooks/aws-access-key.yaml"
  std::string text;
};

// The playbooks, validated together: every problem of every file is reported at once, each as
// "file:line: message" (unknown or repeated keys, missing translations, commands that are not
// `aws …`, unknown placeholders, an escalation to a playbook that does not exist, an id that does
// not match its file name).
class Catalogue {
 public:
  static Result<Catalogue> Load(const std::vector<PlaybookSource>& sources);
  // The built-in playbooks, in BuiltinIds() order.
  static Result<Catalogue> Builtin();

  const Playbook* Find(std::string_view id) const;
  const std::vector<Playbook>& all() const { return playbooks_; }

 private:
  std::vector<Playbook> playbooks_;
};

// The built-in playbook ids in the order `keysweep playbook` lists them. Code chooses among them
// (a root ARN means aws-root-key), so the list is code, and a test checks it against
// patterns/playbooks/.
std::span<const std::string_view> BuiltinIds();

inline constexpr std::string_view kAccessKey = "aws-access-key";
inline constexpr std::string_view kRootKey = "aws-root-key";
inline constexpr std::string_view kTemporaryCredentials = "aws-temporary-credentials";
inline constexpr std::string_view kSesSmtp = "ses-smtp-credentials";
inline constexpr std::string_view kConsoleTakeover = "aws-console-takeover";
inline constexpr std::string_view kPrivateKey = "private-key";

}  // namespace ks::playbook
