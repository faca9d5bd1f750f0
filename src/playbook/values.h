// The values a playbook's templates are filled with, taken from one incident's findings.
//
// A report is input keysweep did not write itself, and the filled commands are meant to be
// pasted into a shell. So a value is used only when it has the shape AWS gives it (a 12-digit
// account, an IAM name of [A-Za-z0-9+=,.@_-], …); anything else counts as unknown and stays a
// <MARKER> the responder fills in.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.h"
#include "playbook/playbook.h"

namespace ks::playbook {

enum class Placeholder { kKeyId, kAccount, kUserName, kRoleName, kRegion };
inline constexpr std::array<Placeholder, 5> kPlaceholders = {
    Placeholder::kKeyId, Placeholder::kAccount, Placeholder::kUserName, Placeholder::kRoleName,
    Placeholder::kRegion};

std::string_view PlaceholderName(Placeholder p);  // "key_id", as written in templates: {key_id}
std::optional<Placeholder> ParsePlaceholder(std::string_view name);
std::string Marker(Placeholder p);  // "<KEY_ID>": what an unknown value renders as

// The names of every {name} (lowercase letters and '_') in `text`, in order. Braces around
// anything else (a JSON policy, a JMESPath expression) are not placeholders.
std::vector<std::string> PlaceholdersIn(std::string_view text);

struct Values {
  std::optional<std::string> key_id, account, user_name, role_name, region;
  Identity identity = Identity::kUnknown;  // from the verified ARN

  const std::optional<std::string>& Get(Placeholder p) const;
  std::optional<std::string>& Get(Placeholder p);
  // Sets the value if it has the shape AWS gives it; otherwise leaves it unknown.
  void Set(Placeholder p, std::string_view value);
};

// `text` with every {name} replaced by its value, or by Marker() when the value is unknown; the
// unknown ones are added to *missing. `decorate`, if set, wraps each inserted value or marker (in
// Markdown prose a bare <MARKER> would read as an HTML tag).
std::string Fill(std::string_view text, const Values& values, std::set<Placeholder>* missing,
                 const std::function<std::string(std::string_view)>& decorate = {});

// What an ARN says about who a credential belongs to: arn:aws:iam::ACCOUNT:root,
// arn:aws:iam::ACCOUNT:user/[PATH/]NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
struct ArnInfo {
  Identity identity = Identity::kUnknown;
  std::string account;
  std::string name;  // the user name, or the role name
};
std::optional<ArnInfo> ParseArn(std::string_view arn);

// The values for one incident: the key ID (the findings' key_id or, for an SMTP password, the key
// it was derived from), the account (from STS when the key is live, else decoded offline), the
// user or role name from the verified ARN, and the region a finding names.
Values ValuesFor(const std::vector<Finding>& findings, const verify::Verdict& verdict);

}  // namespace ks::playbook
