// Unit tests for src/rules: YAML loading and validation, RuleSet digests, ReadRuleDir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "rules/rule_loader.h"
#include "rules/rule_set.h"
#include "temp_dir.h"
#include "util/result.h"

namespace ks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A valid rule using every field. Line numbers (1-based) are in the comments; the tests below
// refer to them.
std::vector<std::string> BaseLines() {
  return {
      "rules:",                                // 1
      "  - id: test-rule",                     // 2
      "    name: Test rule",                   // 3
      "    description: A rule for tests.",    // 4
      "    pattern: '(AKIA[A-Z2-7]{16})'",     // 5
      "    secret_group: 1",                   // 6
      "    filters:",                          // 7
      "      min_entropy: 3.25",               // 8
      "      min_char_classes: 2",             // 9
      "      reject_hex: true",                // 10
      "      boundary: base64",                // 11
      "    severity: high",                    // 12
      "    playbook: test-playbook",           // 13
      "    references:",                       // 14
      "      - https://example.com/ref",       // 15
      "    examples:",                         // 16
      "      - 'key = AKIARZPUZDIKPFJONNBY'",  // 17
      "    negative_examples:",                // 18
      "      - 'AKIA'",                        // 19
  };
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// BaseLines() with line `n` (1-based) replaced.
std::string WithLine(int n, const std::string& text) {
  std::vector<std::string> lines = BaseLines();
  lines.at(static_cast<size_t>(n - 1)) = text;
  return Join(lines);
}

// BaseLines() without line `n` (1-based).
std::string WithoutLine(int n) {
  std::vector<std::string> lines = BaseLines();
  lines.erase(lines.begin() + (n - 1));
  return Join(lines);
}

// BaseLines() with `text` inserted so that it becomes line `n` (1-based).
std::string WithInsertedLine(int n, const std::string& text) {
  std::vector<std::string> lines = BaseLines();
  lines.insert(lines.begin() + (n - 1), text);
  return Join(lines);
}

Result<RuleSet> LoadOne(const std::string& text, const std::string& name = "test.yaml") {
  return LoadRules({RuleSource{name, text}});
}

// The error message of a load that must fail.
std::string LoadError(const std::string& text) {
  auto r = LoadOne(text);
  if (r.ok()) {
    ADD_FAILURE() << "expected the rules to be rejected:\n" << text;
    return "";
  }
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
  return r.error().message;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// --- Valid rules ----------------------------------------------------------------------------

TEST(LoadRulesTest, ValidRuleFillsEveryField) {
  auto r = LoadOne(Join(BaseLines()));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  const Rule& rule = (*r)[0];
  EXPECT_EQ(rule.id, "test-rule");
  EXPECT_EQ(rule.name, "Test rule");
  EXPECT_EQ(rule.description, "A rule for tests.");
  EXPECT_EQ(rule.pattern, "(AKIA[A-Z2-7]{16})");
  EXPECT_EQ(rule.secret_groups, std::vector<int>{1});
  EXPECT_DOUBLE_EQ(rule.filters.min_entropy, 3.25);
  EXPECT_EQ(rule.filters.min_char_classes, 2);
  EXPECT_TRUE(rule.filters.reject_hex);
  EXPECT_EQ(rule.filters.boundary, Boundary::kBase64);
  EXPECT_EQ(rule.severity, Severity::kHigh);
  EXPECT_EQ(rule.playbook, "test-playbook");
  EXPECT_THAT(rule.references, ElementsAre("https://example.com/ref"));
  EXPECT_THAT(rule.examples, ElementsAre("key = AKIARZPUZDIKPFJONNBY"));
  EXPECT_THAT(rule.negative_examples, ElementsAre("AKIA"));
  EXPECT_EQ(rule.loc.file, "test.yaml");
  EXPECT_EQ(rule.loc.line, 2);
  EXPECT_EQ(rule.pattern_loc.file, "test.yaml");
  EXPECT_EQ(rule.pattern_loc.line, 5);
  EXPECT_EQ(rule.pattern_loc.ToString(), "test.yaml:5");
}

TEST(LoadRulesTest, OptionalFieldsDefault) {
  std::vector<std::string> lines = BaseLines();
  lines.erase(lines.begin() + 5, lines.begin() + 11);  // secret_group and filters (lines 6-11)
  auto r = LoadOne(Join(lines));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Rule& rule = (*r)[0];
  EXPECT_EQ(rule.secret_groups, std::vector<int>{0});
  EXPECT_DOUBLE_EQ(rule.filters.min_entropy, 0.0);
  EXPECT_EQ(rule.filters.min_char_classes, 0);
  EXPECT_FALSE(rule.filters.reject_hex);
  EXPECT_EQ(rule.filters.boundary, Boundary::kNone);
}

TEST(LoadRulesTest, SecretGroupList) {
  auto r = LoadOne(WithLine(6, "    secret_group: [2, 1]"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].secret_groups, (std::vector<int>{2, 1}));
}

TEST(LoadRulesTest, KeepsRuleOrderAcrossSources) {
  const std::string second = Join({
      "rules:",
      "  - id: second-rule",
      "    name: Second",
      "    description: d",
      "    pattern: 'xyz[0-9]{4}'",
      "    severity: low",
      "    playbook: pb",
      "    references: [https://example.com]",
      "    examples: ['xyz1234']",
      "    negative_examples: ['xyz']",
  });
  auto r = LoadRules({RuleSource{"a.yaml", Join(BaseLines())}, RuleSource{"b.yaml", second}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "test-rule");
  EXPECT_EQ((*r)[1].id, "second-rule");
  EXPECT_EQ((*r)[1].loc.ToString(), "b.yaml:2");
  EXPECT_EQ((*r)[1].pattern_loc.ToString(), "b.yaml:5");
  EXPECT_EQ((*r)[1].severity, Severity::kLow);
  EXPECT_EQ(r->Find("second-rule"), 1);
  EXPECT_EQ(r->Find("test-rule"), 0);
  EXPECT_EQ(r->Find("missing"), -1);
}

TEST(LoadRulesTest, EverySeverityAndBoundaryNameParses) {
  const std::pair<const char*, Severity> severities[] = {{"info", Severity::kInfo},
                                                         {"low", Severity::kLow},
                                                         {"medium", Severity::kMedium},
                                                         {"high", Severity::kHigh},
                                                         {"critical", Severity::kCritical}};
  for (const auto& [name, severity] : severities) {
    auto r = LoadOne(WithLine(12, std::string("    severity: ") + name));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().message;
    EXPECT_EQ((*r)[0].severity, severity);
    EXPECT_EQ(SeverityName(severity), name);
  }
  const std::pair<const char*, Boundary> boundaries[] = {
      {"none", Boundary::kNone}, {"word", Boundary::kWord}, {"base64", Boundary::kBase64}};
  for (const auto& [name, boundary] : boundaries) {
    auto r = LoadOne(WithLine(11, std::string("      boundary: ") + name));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().message;
    EXPECT_EQ((*r)[0].filters.boundary, boundary);
    EXPECT_EQ(BoundaryName(boundary), name);
  }
}

TEST(SourceLocTest, ToStringOmitsUnknownLine) {
  EXPECT_EQ((SourceLoc{"x.yaml", 0}).ToString(), "x.yaml");
  EXPECT_EQ((SourceLoc{"x.yaml", 12}).ToString(), "x.yaml:12");
}

// --- Validation errors, each with its exact file:line ---------------------------------------

TEST(LoadRulesErrorTest, MissingRequiredFieldNamesTheRule) {
  EXPECT_EQ(LoadError(WithoutLine(3)),
            "test.yaml:2: rule test-rule: missing required field 'name'");
  EXPECT_EQ(LoadError(WithoutLine(5)),
            "test.yaml:2: rule test-rule: missing required field 'pattern'");
  EXPECT_EQ(LoadError(WithoutLine(12)),
            "test.yaml:2: rule test-rule: missing required field 'severity'");
}

TEST(LoadRulesErrorTest, MissingIdReportsWithoutRuleName) {
  EXPECT_EQ(LoadError(WithLine(2, "  - nameless: 1")),
            "test.yaml:2: unknown rule key 'nameless'\n"
            "test.yaml:2: missing required field 'id'");
}

TEST(LoadRulesErrorTest, EmptyStringField) {
  EXPECT_EQ(LoadError(WithLine(4, "    description: ''")),
            "test.yaml:4: rule test-rule: 'description' must be a non-empty string");
}

TEST(LoadRulesErrorTest, UnknownRuleKey) {
  EXPECT_EQ(LoadError(WithInsertedLine(14, "    colour: red")),
            "test.yaml:14: rule test-rule: unknown rule key 'colour'");
}

TEST(LoadRulesErrorTest, UnknownFilterKey) {
  EXPECT_EQ(LoadError(WithInsertedLine(9, "      max_entropy: 7")),
            "test.yaml:9: rule test-rule: unknown filter key 'max_entropy'");
}

TEST(LoadRulesErrorTest, UnknownTopLevelKey) {
  const std::string text = "version: 2\n" + Join(BaseLines());
  EXPECT_EQ(LoadError(text), "test.yaml:1: unknown file key 'version'");
}

TEST(LoadRulesErrorTest, BadIdShape) {
  EXPECT_EQ(LoadError(WithLine(2, "  - id: Test_Rule")),
            "test.yaml:2: rule Test_Rule: 'id' must be lowercase letters, digits and dashes");
  EXPECT_THAT(LoadError(WithLine(2, "  - id: -leading-dash")),
              HasSubstr("test.yaml:2: rule -leading-dash: 'id' must be lowercase"));
}

TEST(LoadRulesErrorTest, BadPlaybookShape) {
  EXPECT_EQ(
      LoadError(WithLine(13, "    playbook: Not A Slug")),
      "test.yaml:13: rule test-rule: 'playbook' must be lowercase letters, digits and dashes");
}

TEST(LoadRulesErrorTest, BadSeverity) {
  EXPECT_EQ(LoadError(WithLine(12, "    severity: urgent")),
            "test.yaml:12: rule test-rule: 'severity' must be one of info, low, medium, high, "
            "critical");
  // Names are case-sensitive.
  EXPECT_THAT(LoadError(WithLine(12, "    severity: High")),
              HasSubstr("test.yaml:12: rule test-rule: 'severity' must be one of"));
}

TEST(LoadRulesErrorTest, BadBoundary) {
  EXPECT_EQ(LoadError(WithLine(11, "      boundary: line")),
            "test.yaml:11: rule test-rule: 'boundary' must be one of none, word, base64");
}

TEST(LoadRulesErrorTest, MinEntropyOutOfRange) {
  EXPECT_EQ(LoadError(WithLine(8, "      min_entropy: 8.5")),
            "test.yaml:8: rule test-rule: 'min_entropy' must be a number from 0 to 8");
  EXPECT_EQ(LoadError(WithLine(8, "      min_entropy: -0.5")),
            "test.yaml:8: rule test-rule: 'min_entropy' must be a number from 0 to 8");
  EXPECT_EQ(LoadError(WithLine(8, "      min_entropy: high")),
            "test.yaml:8: rule test-rule: 'min_entropy' must be a number from 0 to 8");
  EXPECT_THAT(LoadError(WithLine(8, "      min_entropy: .nan")), HasSubstr("test.yaml:8: "));
}

TEST(LoadRulesTest, MinEntropyBoundsAreInclusive) {
  for (const char* v : {"0", "8", "8.0"}) {
    auto r = LoadOne(WithLine(8, std::string("      min_entropy: ") + v));
    EXPECT_TRUE(r.ok()) << v << ": " << r.error().message;
  }
}

TEST(LoadRulesErrorTest, IntegerFieldsOutOfRange) {
  EXPECT_EQ(LoadError(WithLine(9, "      min_char_classes: 5")),
            "test.yaml:9: rule test-rule: 'min_char_classes' must be an integer from 0 to 4");
  const std::string bad_group =
      "test.yaml:6: rule test-rule: 'secret_group' must be a group number from 0 to 99, or a "
      "list of them";
  EXPECT_EQ(LoadError(WithLine(6, "    secret_group: 100")), bad_group);
  EXPECT_EQ(LoadError(WithLine(6, "    secret_group: -1")), bad_group);
  EXPECT_EQ(LoadError(WithLine(6, "    secret_group: one")), bad_group);
  EXPECT_EQ(LoadError(WithLine(6, "    secret_group: []")), bad_group);
  EXPECT_EQ(LoadError(WithLine(6, "    secret_group: [1, x]")), bad_group);
}

TEST(LoadRulesErrorTest, BadBool) {
  EXPECT_EQ(LoadError(WithLine(10, "      reject_hex: maybe")),
            "test.yaml:10: rule test-rule: 'reject_hex' must be true or false");
}

TEST(LoadRulesErrorTest, FiltersMustBeAMapping) {
  std::vector<std::string> lines = BaseLines();
  lines.erase(lines.begin() + 7, lines.begin() + 11);  // lines 8-11
  lines[6] = "    filters: [base64]";
  EXPECT_EQ(LoadError(Join(lines)), "test.yaml:7: rule test-rule: 'filters' must be a mapping");
}

TEST(LoadRulesErrorTest, EmptyExamples) {
  std::vector<std::string> lines = BaseLines();
  lines.erase(lines.begin() + 16);  // line 17
  lines[15] = "    examples: []";
  EXPECT_EQ(LoadError(Join(lines)),
            "test.yaml:16: rule test-rule: 'examples' must be a non-empty list of strings");
}

TEST(LoadRulesErrorTest, MissingListsAreErrors) {
  std::vector<std::string> lines = BaseLines();
  lines.erase(lines.begin() + 17, lines.end());  // negative_examples (lines 18-19)
  EXPECT_EQ(LoadError(Join(lines)),
            "test.yaml:2: rule test-rule: 'negative_examples' must be a non-empty list of strings");
  EXPECT_EQ(LoadError(WithLine(14, "    references: https://example.com")),
            "test.yaml:14: rule test-rule: 'references' must be a non-empty list of strings");
}

TEST(LoadRulesErrorTest, EmptyExampleEntry) {
  EXPECT_EQ(LoadError(WithLine(17, "      - ''")),
            "test.yaml:17: rule test-rule: every entry of 'examples' must be a non-empty string");
}

// yaml-cpp accepts repeated mapping keys and keeps the first; YAML requires unique keys and a
// rule author who repeats one means something, so the loader reports it at the repeat's line.
TEST(LoadRulesErrorTest, RepeatedKeyInRuleIsAnError) {
  const std::string msg = LoadError(WithInsertedLine(13, "    severity: low"));
  EXPECT_THAT(msg, HasSubstr("test.yaml:13: rule test-rule: "));
  EXPECT_THAT(msg, HasSubstr("severity"));
}

TEST(LoadRulesErrorTest, RuleThatIsNotAMapping) {
  EXPECT_EQ(LoadError("rules:\n  - just a string\n"), "test.yaml:2: each rule must be a mapping");
}

TEST(LoadRulesErrorTest, FileWithoutRulesList) {
  EXPECT_EQ(LoadError("rules: nope\n"), "test.yaml:1: expected a mapping with a 'rules' list");
  EXPECT_EQ(LoadError("- id: x\n"), "test.yaml:1: expected a mapping with a 'rules' list");
  EXPECT_EQ(LoadError(""), "test.yaml:1: expected a mapping with a 'rules' list");
}

TEST(LoadRulesErrorTest, NoRulesAtAll) {
  EXPECT_EQ(LoadError("rules: []\n"), "no rules were loaded");
  auto r = LoadRules({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "no rules were loaded");
}

TEST(LoadRulesErrorTest, InvalidYamlNamesTheLine) {
  // An unterminated flow sequence that starts on line 4; yaml-cpp notices at line 5.
  const std::string text = Join({
      "rules:",
      "  - id: test-rule",
      "    name: Test rule",
      "    examples: [one, two",
      "    severity: high",
  });
  const std::string msg = LoadError(text);
  EXPECT_THAT(msg, HasSubstr("invalid YAML"));
  EXPECT_THAT(msg, ::testing::StartsWith("test.yaml:5: invalid YAML: "));
}

TEST(LoadRulesErrorTest, InvalidYamlBadIndentation) {
  const std::string text = Join({
      "rules:",
      "  - id: test-rule",
      "    name: Test rule",
      "   description: misaligned",
  });
  EXPECT_THAT(LoadError(text), ::testing::StartsWith("test.yaml:4: invalid YAML: "));
}

TEST(LoadRulesErrorTest, DuplicateIdsAcrossSources) {
  auto r = LoadRules({RuleSource{"a.yaml", Join(BaseLines())},
                      RuleSource{"b.yaml", "# leading comment\n" + Join(BaseLines())}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
  EXPECT_EQ(r.error().message,
            "b.yaml:3: rule test-rule: duplicate id (first defined at a.yaml:2)");
}

TEST(LoadRulesErrorTest, DuplicateIdsInOneFile) {
  std::vector<std::string> lines = BaseLines();
  const std::vector<std::string> base = BaseLines();
  lines.insert(lines.end(), base.begin() + 1, base.end());  // the rule again, from line 20
  EXPECT_EQ(LoadError(Join(lines)),
            "test.yaml:20: rule test-rule: duplicate id (first defined at test.yaml:2)");
}

TEST(LoadRulesErrorTest, AllErrorsAreReportedTogether) {
  std::vector<std::string> first = BaseLines();
  first[11] = "    severity: urgent";                // line 12
  first.insert(first.begin() + 13, "    extra: 1");  // line 14
  std::vector<std::string> second = BaseLines();
  second[1] = "  - id: other-rule";
  second[7] = "      min_entropy: 99";  // line 8
  const std::string broken = "rules:\n  - id: [\n";

  auto r = LoadRules({RuleSource{"one.yaml", Join(first)}, RuleSource{"two.yaml", Join(second)},
                      RuleSource{"three.yaml", broken}});
  ASSERT_FALSE(r.ok());
  const std::vector<std::string> lines = SplitLines(r.error().message);
  ASSERT_EQ(lines.size(), 4u) << r.error().message;
  EXPECT_EQ(lines[0], "one.yaml:14: rule test-rule: unknown rule key 'extra'");
  EXPECT_EQ(lines[1],
            "one.yaml:12: rule test-rule: 'severity' must be one of info, low, medium, high, "
            "critical");
  EXPECT_EQ(lines[2], "two.yaml:8: rule other-rule: 'min_entropy' must be a number from 0 to 8");
  EXPECT_THAT(lines[3], ::testing::StartsWith("three.yaml:"));
  EXPECT_THAT(lines[3], HasSubstr("invalid YAML"));
}

TEST(LoadRulesErrorTest, SeveralErrorsInOneRule) {
  std::vector<std::string> lines = BaseLines();
  lines[1] = "  - id: BadId";           // line 2
  lines[10] = "      boundary: nope";   // line 11
  lines[11] = "    severity: extreme";  // line 12
  const std::vector<std::string> got = SplitLines(LoadError(Join(lines)));
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       "test.yaml:2: rule BadId: 'id' must be lowercase letters, digits and dashes",
                       "test.yaml:11: rule BadId: 'boundary' must be one of none, word, base64",
                       "test.yaml:12: rule BadId: 'severity' must be one of info, low, medium, "
                       "high, critical"));
}

TEST(LoadRulesErrorTest, ErrorInOneRuleDoesNotBlameTheNext) {
  std::vector<std::string> lines = BaseLines();
  lines[11] = "    severity: urgent";  // line 12
  const std::vector<std::string> base = BaseLines();
  lines.insert(lines.end(), base.begin() + 1, base.end());  // a second rule from line 20
  lines[19] = "  - id: good-rule";
  const std::string msg = LoadError(Join(lines));
  EXPECT_EQ(msg,
            "test.yaml:12: rule test-rule: 'severity' must be one of info, low, medium, high, "
            "critical");
  EXPECT_THAT(msg, Not(HasSubstr("good-rule")));
}

// --- RuleSet digest -------------------------------------------------------------------------

std::string DigestOf(const std::string& text) {
  auto r = LoadOne(text);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message;
    return "";
  }
  return r->digest();
}

TEST(RuleSetDigestTest, StableAndHex) {
  const std::string d = DigestOf(Join(BaseLines()));
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(d, DigestOf(Join(BaseLines())));
  // The source name is not part of what is detected.
  auto other = LoadOne(Join(BaseLines()), "elsewhere/rules.yml");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->digest(), d);
}

TEST(RuleSetDigestTest, ChangesWithWhatIsDetectedOrReported) {
  const std::string base = DigestOf(Join(BaseLines()));
  const std::vector<std::pair<int, std::string>> changes = {
      {2, "  - id: test-rule-2"},      {5, "    pattern: '(AKIA[A-Z2-7]{17})'"},
      {6, "    secret_group: 0"},      {6, "    secret_group: [1, 0]"},
      {8, "      min_entropy: 3.5"},   {9, "      min_char_classes: 3"},
      {10, "      reject_hex: false"}, {11, "      boundary: word"},
      {12, "    severity: critical"},  {13, "    playbook: other-playbook"},
  };
  for (const auto& [line, text] : changes) {
    EXPECT_NE(DigestOf(WithLine(line, text)), base) << "line " << line << " -> " << text;
  }
}

TEST(RuleSetDigestTest, IgnoresDocumentation) {
  const std::string base = DigestOf(Join(BaseLines()));
  const std::vector<std::pair<int, std::string>> changes = {
      {3, "    name: Renamed rule"},
      {4, "    description: Completely different prose."},
      {15, "      - https://example.org/other"},
      {17, "      - 'token AKIAQNZGKIQY56JQ7WML'"},
      {19, "      - 'AKIA1'"},
  };
  for (const auto& [line, text] : changes) {
    EXPECT_EQ(DigestOf(WithLine(line, text)), base) << "line " << line << " -> " << text;
  }
  // Adding examples does not count either.
  EXPECT_EQ(DigestOf(WithInsertedLine(18, "      - 'AKIAYYYYYYYYYYYYYYYY'")), base);
}

TEST(RuleSetDigestTest, DependsOnRuleOrder) {
  Rule a;
  a.id = "a";
  a.pattern = "aaa";
  Rule b;
  b.id = "b";
  b.pattern = "bbb";
  EXPECT_NE(RuleSet({a, b}).digest(), RuleSet({b, a}).digest());
  EXPECT_EQ(RuleSet({a, b}).digest(), RuleSet({a, b}).digest());
  EXPECT_NE(RuleSet({a}).digest(), RuleSet({a, b}).digest());
}

TEST(RuleSetDigestTest, FieldBoundariesAreUnambiguous) {
  Rule x;
  x.id = "ab";
  x.pattern = "c";
  Rule y;
  y.id = "a";
  y.pattern = "bc";
  EXPECT_NE(RuleSet({x}).digest(), RuleSet({y}).digest());
}

// --- ReadRuleDir ----------------------------------------------------------------------------

using ::ks::testing::TempDir;

TEST(ReadRuleDirTest, ReadsYamlAndYmlSorted) {
  TempDir dir;
  dir.Write("b.yaml", "b text");
  dir.Write("a.yml", "a text");
  dir.Write("c.yaml", "");
  dir.Write("notes.txt", "not a rule file");
  dir.Write("d.yaml.bak", "backup");
  std::filesystem::create_directory(dir.path() / "sub.yaml");  // a directory, not a file
  auto r = ReadRuleDir(dir.path().string());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, (dir.path() / "a.yml").string());
  EXPECT_EQ((*r)[0].text, "a text");
  EXPECT_EQ((*r)[1].name, (dir.path() / "b.yaml").string());
  EXPECT_EQ((*r)[1].text, "b text");
  EXPECT_EQ((*r)[2].name, (dir.path() / "c.yaml").string());
  EXPECT_EQ((*r)[2].text, "");
}

TEST(ReadRuleDirTest, DoesNotRecurse) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "nested");
  dir.Write("nested/rules.yaml", Join(BaseLines()));
  auto r = ReadRuleDir(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
}

TEST(ReadRuleDirTest, KeepsBytesExactly) {
  TempDir dir;
  const std::string text = std::string("rules:\r\n  - id: x\0y\n", 20);
  dir.Write("r.yaml", text);
  auto r = ReadRuleDir(dir.path().string());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].text, text);
}

TEST(ReadRuleDirTest, EmptyDirectoryIsAnError) {
  TempDir dir;
  dir.Write("README.md", "no rules here");
  auto r = ReadRuleDir(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
  EXPECT_EQ(r.error().message, dir.path().string() + ": no *.yaml rule files");
}

TEST(ReadRuleDirTest, MissingDirectoryIsAnError) {
  TempDir dir;
  const std::string missing = (dir.path() / "does-not-exist").string();
  auto r = ReadRuleDir(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
  EXPECT_THAT(r.error().message, ::testing::StartsWith(missing + ": "));
}

TEST(ReadRuleDirTest, LoadsWhatItReads) {
  TempDir dir;
  dir.Write("aws.yaml", Join(BaseLines()));
  auto sources = ReadRuleDir(dir.path().string());
  ASSERT_TRUE(sources.ok()) << sources.error().message;
  auto rules = LoadRules(*sources);
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  EXPECT_EQ((*rules)[0].loc.ToString(), (dir.path() / "aws.yaml").string() + ":2");
}

}  // namespace
}  // namespace ks
