#include "playbook/values.h"

#include <algorithm>
#include <utility>

namespace ks::playbook {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllOf(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}

bool IsKeyId(std::string_view s) {
  return s.size() >= 16 && s.size() <= 128 &&
         AllOf(s, [](char c) { return IsUpper(c) || IsDigit(c); });
}

bool IsAccount(std::string_view s) { return s.size() == 12 && AllOf(s, IsDigit); }

// IAM user and role names: [\w+=,.@-]{1,64}. None of these characters means anything to a POSIX
// shell; a leading '-' would read as an option, so such a name is not used.
bool IsIamName(std::string_view s) {
  auto ok = [](char c) {
    return IsLower(c) || IsUpper(c) || IsDigit(c) ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  };
  return s.size() <= 64 && s.front() != '-' && AllOf(s, ok);
}

// us-east-1, ap-southeast-4, us-gov-west-1, cn-north-1: letters, dash-separated words, a number.
bool IsRegion(std::string_view s) {
  if (s.size() > 32 || s.empty()) return false;
  const size_t last_dash = s.rfind('-');
  if (last_dash == std::string_view::npos || last_dash < 2) return false;
  const std::string_view words = s.substr(0, last_dash);
  const std::string_view number = s.substr(last_dash + 1);
  return words.find('-') != std::string_view::npos && words.back() != '-' &&
         words.find("--") == std::string_view::npos &&
         AllOf(words, [](char c) { return IsLower(c) || c == '-'; }) && number.size() <= 2 &&
         AllOf(number, IsDigit);
}

bool HasShape(Placeholder p, std::string_view v) {
  switch (p) {
    case Placeholder::kKeyId:
      return IsKeyId(v);
    case Placeholder::kAccount:
      return IsAccount(v);
    case Placeholder::kUserName:
    case Placeholder::kRoleName:
      return !v.empty() && IsIamName(v);
    case Placeholder::kRegion:
      return IsRegion(v);
  }
  return false;
}

// The part of "arn:PARTITION:SERVICE::ACCOUNT:RESOURCE" after the account, if the ARN has that
// shape with one of the given services.
std::optional<std::string_view> ArnResource(std::string_view arn, std::string_view service,
                                            std::string* account) {
  for (std::string_view partition : {"aws", "aws-cn", "aws-us-gov"}) {
    std::string prefix = "arn:";
    prefix.append(partition).append(":").append(service).append("::");
    if (arn.substr(0, prefix.size()) != prefix) continue;
    const std::string_view rest = arn.substr(prefix.size());
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos || !IsAccount(rest.substr(0, colon))) return std::nullopt;
    *account = std::string(rest.substr(0, colon));
    return rest.substr(colon + 1);
  }
  return std::nullopt;
}

}  // namespace

std::string_view PlaceholderName(Placeholder p) {
  switch (p) {
    case Placeholder::kKeyId:
      return "key_id";
    case Placeholder::kAccount:
      return "account";
    case Placeholder::kUserName:
      return "user_name";
    case Placeholder::kRoleName:
      return "role_name";
    case Placeholder::kRegion:
      return "region";
  }
  return "";
}

std::optional<Placeholder> ParsePlaceholder(std::string_view name) {
  for (Placeholder p : kPlaceholders) {
    if (PlaceholderName(p) == name) return p;
  }
  return std::nullopt;
}

std::string Marker(Placeholder p) {
  std::string out = "<";
  for (char c : PlaceholderName(p)) out.push_back(IsLower(c) ? static_cast<char>(c - 32) : c);
  return out + ">";
}

namespace {

// Calls on_text(literal) and on_name(name) for the pieces of `text`, in order.
template <typename OnText, typename OnName>
void Tokenize(std::string_view text, OnText on_text, OnName on_name) {
  size_t done = 0;
  for (size_t open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    const size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(open + 1, close - open - 1);
    if (!AllOf(name, [](char c) { return IsLower(c) || c == '_'; })) continue;
    on_text(text.substr(done, open - done));
    on_name(name);
    done = close + 1;
    open = close;
  }
  on_text(text.substr(done));
}

}  // namespace

std::vector<std::string> PlaceholdersIn(std::string_view text) {
  std::vector<std::string> names;
  Tokenize(
      text, [](std::string_view) {}, [&](std::string_view name) { names.emplace_back(name); });
  return names;
}

const std::optional<std::string>& Values::Get(Placeholder p) const {
  switch (p) {
    case Placeholder::kKeyId:
      return key_id;
    case Placeholder::kAccount:
      return account;
    case Placeholder::kUserName:
      return user_name;
    case Placeholder::kRoleName:
      return role_name;
    case Placeholder::kRegion:
      break;
  }
  return region;
}

std::optional<std::string>& Values::Get(Placeholder p) {
  return const_cast<std::optional<std::string>&>(std::as_const(*this).Get(p));
}

void Values::Set(Placeholder p, std::string_view value) {
  if (HasShape(p, value)) Get(p) = std::string(value);
}

std::string Fill(std::string_view text, const Values& values, std::set<Placeholder>* missing,
                 const std::function<std::string(std::string_view)>& decorate) {
  const auto insert = [&](std::string_view v) { return decorate ? decorate(v) : std::string(v); };
  std::string out;
  Tokenize(
      text, [&](std::string_view literal) { out.append(literal); },
      [&](std::string_view name) {
        const auto p = ParsePlaceholder(name);
        if (!p) {  // the loader rejects these; kept visible rather than dropped
          out.append("{").append(name).append("}");
        } else if (const auto& v = values.Get(*p)) {
          out.append(insert(*v));
        } else {
          out.append(insert(Marker(*p)));
          missing->insert(*p);
        }
      });
  return out;
}

std::optional<ArnInfo> ParseArn(std::string_view arn) {
  ArnInfo info;
  if (auto iam = ArnResource(arn, "iam", &info.account)) {
    if (*iam == "root") {
      info.identity = Identity::kRoot;
      return info;
    }
    if (iam->substr(0, 5) != "user/") return std::nullopt;
    info.identity = Identity::kUser;
    info.name = std::string(iam->substr(iam->rfind('/') + 1));  // the name after any path
    return info;
  }
  if (auto sts = ArnResource(arn, "sts", &info.account)) {
    constexpr std::string_view kAssumed = "assumed-role/";
    if (sts->substr(0, kAssumed.size()) != kAssumed) return std::nullopt;
    const std::string_view role_session = sts->substr(kAssumed.size());
    info.identity = Identity::kRole;
    info.name = std::string(role_session.substr(0, role_session.find('/')));
    return info;
  }
  return std::nullopt;
}

Values ValuesFor(const std::vector<Finding>& findings, const verify::Verdict& verdict) {
  Values v;
  for (const Finding& f : findings) {
    if (!v.key_id) v.Set(Placeholder::kKeyId, f.key_id.value_or(""));
    if (!v.key_id) v.Set(Placeholder::kKeyId, f.derived_from_key_id.value_or(""));
    if (!v.account) v.Set(Placeholder::kAccount, f.account_id.value_or(""));
    if (!v.region) v.Set(Placeholder::kRegion, f.region.value_or(""));
  }
  if (verdict.status != verify::Status::kValid) return v;
  // What STS says wins over the offline decode.
  if (IsAccount(verdict.account)) v.account = verdict.account;
  const auto arn = ParseArn(verdict.arn);
  if (!arn) return v;
  v.identity = arn->identity;
  if (arn->identity == Identity::kUser) v.Set(Placeholder::kUserName, arn->name);
  if (arn->identity == Identity::kRole) v.Set(Placeholder::kRoleName, arn->name);
  if (!v.account) v.Set(Placeholder::kAccount, arn->account);
  return v;
}

}  // namespace ks::playbook
