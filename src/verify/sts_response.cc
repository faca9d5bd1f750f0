#include "verify/sts_response.h"

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace ks::verify {
namespace {

// "ns:Code" → "Code": namespaces are ignored rather than resolved, because STS, moto and
// LocalStack disagree on them and the element names alone are unambiguous.
std::string_view LocalName(std::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string Trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(kSpace) - first + 1));
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return AsciiLower(a) == AsciiLower(b); }) !=
         haystack.end();
}

// One pass over every element; pugixml's traversal is iterative, so deep nesting cannot overflow
// the stack.
class FieldCollector : public pugi::xml_tree_walker {
 public:
  bool for_each(pugi::xml_node& node) override {
    if (node.type() != pugi::node_element) return true;
    const std::string_view name = LocalName(node.name());
    if (name == "Code") Fill(node, &fields_.code, &seen_code_);
    if (name == "Account") Fill(node, &fields_.account, &seen_account_);
    if (name == "Arn") Fill(node, &fields_.arn, &seen_arn_);
    if (name == "UserId") Fill(node, &fields_.user_id, &seen_user_id_);
    if (name == "Message" && !seen_message_) {
      seen_message_ = true;
      fields_.signature_expired = ContainsIgnoringCase(node.text().get(), "Signature expired");
    }
    return true;
  }

  bool found_any() const { return seen_code_ || seen_account_ || seen_arn_ || seen_user_id_; }
  StsResponseFields& fields() { return fields_; }

 private:
  // First occurrence wins, even if empty, so a later element cannot override what STS put first.
  static void Fill(const pugi::xml_node& node, std::string* field, bool* seen) {
    if (*seen) return;
    *seen = true;
    *field = Trimmed(node.text().get());
  }

  StsResponseFields fields_;
  bool seen_code_ = false;
  bool seen_account_ = false;
  bool seen_arn_ = false;
  bool seen_user_id_ = false;
  bool seen_message_ = false;
};

Error Unusable(std::string why) {
  return MakeError(ErrorKind::kInput, "STS response: " + std::move(why));
}

}  // namespace

Result<StsResponseFields> ParseStsResponse(std::string_view body) {
  if (body.empty()) return Unusable("empty body");
  if (body.size() > kMaxStsResponseBytes) {
    return Unusable("body of " + std::to_string(body.size()) + " bytes is too large");
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Unusable(std::string("not well-formed XML (") + parsed.description() + " at byte " +
                    std::to_string(parsed.offset) + ")");
  }
  FieldCollector collector;
  doc.traverse(collector);
  if (!collector.found_any()) return Unusable("none of Code, Account, Arn, UserId is present");
  return std::move(collector.fields());
}

}  // namespace ks::verify
