// A small document builder with two outputs: Markdown (for tickets, issues and chat) and plain
// text (for a terminal). The renderer says what the blocks are; Doc lays them out.
#pragma once

#include <string>
#include <string_view>

namespace ks::playbook {

enum class Format { kMarkdown, kText };

// "markdown" or "text".
bool ParseFormat(std::string_view s, Format* out);

class Doc {
 public:
  explicit Doc(Format format) : format_(format) {}

  void Heading(int level, std::string_view text);  // 1 (title) to 3
  void Paragraph(std::string_view text);
  void Bullet(std::string_view text);  // consecutive bullets form one list
  void Note(std::string_view text);    // a warning that must not be skimmed over
  // A numbered step: what to do, why, and the shell code for it (may be empty or many lines).
  void Step(int number, std::string_view action, std::string_view why, std::string_view code);
  void Separator();
  void Append(const Doc& other);

  // Inline text that came from a report (a path, an author, an ARN): made terminal-safe, and in
  // Markdown set as code so that it cannot turn into markup or HTML.
  std::string Code(std::string_view untrusted) const;

  const std::string& str() const { return out_; }
  bool empty() const { return out_.empty(); }

 private:
  enum class Kind { kNone, kBullet, kOther };
  void Begin(Kind kind);

  Format format_;
  std::string out_;
  Kind last_ = Kind::kNone;
};

// Columns `s` takes on a terminal: two for CJK and full-width characters, one for the rest.
size_t DisplayWidth(std::string_view s);

}  // namespace ks::playbook
