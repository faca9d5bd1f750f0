// Unit tests for src/util/yaml_reader: parsing with file:line errors, the key check, the guard
// that keeps yaml-cpp's exceptions in, and the joined message.
#include "util/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ks {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(YamlReaderTest, ParsesADocumentWithOneBasedLines) {
  auto doc = ParseYaml("a: 1\nlist:\n  - x\n  - y\n", "f.yaml");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  ASSERT_TRUE(doc->IsMap());
  EXPECT_EQ(YamlLine((*doc)["a"]), 1);
  EXPECT_EQ(YamlLine((*doc)["list"][1]), 4);
  EXPECT_EQ(YamlLine(YAML::Node("made in code")), 0);
}

TEST(YamlReaderTest, EmptyTextIsANullDocument) {
  auto doc = ParseYaml("", "f.yaml");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->IsNull());
}

TEST(YamlReaderTest, InvalidYamlIsAnInputErrorAtItsLine) {
  auto doc = ParseYaml("a: 1\nb: 2\nc: [1, 2\n", "dir/f.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kInput);
  EXPECT_THAT(doc.error().message, StartsWith("dir/f.yaml:"));
  EXPECT_THAT(doc.error().message, HasSubstr(": invalid YAML: "));
  auto tab = ParseYaml("a: 1\nb:\n\t- x\n", "f.yaml");  // a tab cannot indent YAML
  ASSERT_FALSE(tab.ok());
  EXPECT_THAT(tab.error().message, StartsWith("f.yaml:3: invalid YAML: "));
}

TEST(YamlReaderTest, GuardTurnsAMisusedNodeIntoAFileLineError) {
  auto doc = ParseYaml("a: 1\nb: not a number\n", "f.yaml");
  ASSERT_TRUE(doc.ok());
  const YAML::Node root = *doc;
  const Status bad = GuardYaml("f.yaml", [&] { static_cast<void>(root["b"].as<int>()); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInput);
  EXPECT_THAT(bad.error().message, StartsWith("f.yaml:2: "));
  EXPECT_THAT(bad.error().message, Not(HasSubstr("invalid YAML")));

  int value = 0;
  EXPECT_TRUE(GuardYaml("f.yaml", [&] { value = root["a"].as<int>(); }).ok());
  EXPECT_EQ(value, 1);
}

TEST(YamlReaderTest, KeyCheckReportsUnknownAndRepeatedKeysAtTheirLines) {
  auto doc = ParseYaml("id: x\ncolour: red\nid: y\ntitle: t\n", "f.yaml");
  ASSERT_TRUE(doc.ok());
  const std::vector<YamlKeyProblem> problems = CheckYamlKeys(*doc, {"id", "title"}, "step");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].message, "unknown step key 'colour'");
  EXPECT_EQ(YamlLine(problems[0].key), 2);
  EXPECT_EQ(problems[1].message, "step key 'id' appears twice");
  EXPECT_EQ(YamlLine(problems[1].key), 3);
  EXPECT_TRUE(CheckYamlKeys(*doc, {"id", "colour", "title"}, "step").size() == 1);
}

TEST(YamlReaderTest, MessagesAreFileLineAndJoinOnePerLine) {
  EXPECT_EQ(FileLineMessage("a/b.yaml", 7, "'x' must be a string"),
            "a/b.yaml:7: 'x' must be a string");
  const Error e = YamlProblems(ErrorKind::kRules, {"f:1: one", "f:2: two"});
  EXPECT_EQ(e.kind, ErrorKind::kRules);
  EXPECT_EQ(e.message, "f:1: one\nf:2: two");
  EXPECT_EQ(YamlProblems(ErrorKind::kUsage, {"only"}).message, "only");
}

}  // namespace
}  // namespace ks
