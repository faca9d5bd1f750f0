// Build-time tool: validates the built-in rules, compiles them into a Hyperscan database, and
// writes a C++ source that embeds the YAML text, the serialized database and the rules digest.
//
//   ks_embed OUTPUT.cc RULE.yaml... [--data DATAFILE...] [--data-prefix=P DATAFILE...]
//
// Data files are named by base name, after --data-prefix=P by P + base name (playbooks/x.yaml).
// A rule error fails the build with the rule's file:line.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/pattern_db.h"
#include "rules/rule_loader.h"
#include "util/file.h"

namespace {

std::string ByteArray(std::string_view name, std::string_view bytes) {
  std::string out = fmt::format("alignas(8) constexpr unsigned char {}[] = {{", name);
  for (size_t i = 0; i < bytes.size(); ++i) {
    out += fmt::format("{}{}", i % 24 == 0 ? "\n    " : "",
                       static_cast<unsigned>(static_cast<unsigned char>(bytes[i])));
    out += ",";
  }
  return out + "0};\n";
}

std::string View(std::string_view name, size_t size) {
  return fmt::format("std::string_view(reinterpret_cast<const char*>({}), {})", name, size);
}

// The embedded files as an array of File{name, text} named `array`.
std::string FileArray(std::string_view prefix, std::string_view array,
                      const std::vector<ks::RuleSource>& files) {
  std::string out, entries;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string var = fmt::format("k{}{}", prefix, i);
    out += ByteArray(var, files[i].text);
    entries +=
        fmt::format("    File{{\"{}\", {}}},\n", files[i].name, View(var, files[i].text.size()));
  }
  // A zero-length array is ill-formed; a sentinel keeps the array valid when there are no files.
  return out + fmt::format("const File {}[] = {{\n{}    File{{}}}};\n\n", array, entries);
}

// A C++ string literal for arbitrary bytes. Octal escapes stop after three digits, so a digit
// that follows one is never swallowed (a hex escape would be).
std::string Literal(std::string_view s) {
  std::string out = "std::string(\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
    out += plain ? std::string(1, c) : fmt::format("\\{:03o}", u);
  }
  return out + fmt::format("\", {})", s.size());
}

std::string LiteralList(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& s : items) out += Literal(s) + ", ";
  return out + "}";
}

std::string IntList(const std::vector<int>& items) {
  std::string out = "{";
  for (const int v : items) out += fmt::format("{}, ", v);
  return out + "}";
}

std::string LocInit(const ks::SourceLoc& loc) {
  return fmt::format("SourceLoc{{{}, {}}}", Literal(loc.file), loc.line);
}

// One statement block that appends `r` to `rules`, field by field, so that a field added to Rule
// and forgotten here shows up as a digest mismatch in the builtin tests.
std::string RuleInit(const ks::Rule& r) {
  std::string out = "  {\n    Rule& r = rules.emplace_back();\n";
  out += fmt::format("    r.id = {};\n    r.name = {};\n", Literal(r.id), Literal(r.name));
  out += fmt::format("    r.description = {};\n", Literal(r.description));
  out += fmt::format("    r.pattern = {};\n", Literal(r.pattern));
  out += fmt::format("    r.secret_groups = {};\n", IntList(r.secret_groups));
  out += fmt::format("    r.filters = RuleFilters{{{:.17g}, {}, {}, static_cast<Boundary>({})}};\n",
                     r.filters.min_entropy, r.filters.min_char_classes, r.filters.reject_hex,
                     static_cast<int>(r.filters.boundary));
  out += fmt::format("    r.severity = static_cast<Severity>({});\n", static_cast<int>(r.severity));
  out += fmt::format("    r.playbook = {};\n", Literal(r.playbook));
  out += fmt::format("    r.references = {};\n", LiteralList(r.references));
  out += fmt::format("    r.examples = {};\n", LiteralList(r.examples));
  out += fmt::format("    r.negative_examples = {};\n", LiteralList(r.negative_examples));
  out += fmt::format("    r.loc = {};\n    r.pattern_loc = {};\n", LocInit(r.loc),
                     LocInit(r.pattern_loc));
  return out + "  }\n";
}

// The built-in rules as C++ data: parsing the YAML at run time cost about 3 ms of every start.
std::string RulesFunction(const ks::RuleSet& rules) {
  std::string out = "std::vector<Rule> Rules() {\n  std::vector<Rule> rules;\n";
  out += fmt::format("  rules.reserve({});\n", rules.size());
  for (const ks::Rule& r : rules.rules()) out += RuleInit(r);
  return out + "  return rules;\n}\n";
}

int Fail(const std::string& msg) {
  std::cerr << "ks_embed: " << msg << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3)
    return Fail(
        "usage: ks_embed OUTPUT.cc RULE.yaml... [--data FILE...] [--data-prefix=P FILE...]");
  std::vector<ks::RuleSource> sources, data;
  bool in_data = false;
  std::string data_prefix;  // prepended to the base names of the data files that follow
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    if (arg == "--data") {
      in_data = true;
      continue;
    }
    if (arg.substr(0, 14) == "--data-prefix=") {
      in_data = true;
      data_prefix = arg.substr(14);
      continue;
    }
    std::string text;
    if (!ks::ReadFileToString(argv[i], &text)) return Fail(std::string("cannot read ") + argv[i]);
    std::string name = in_data ? data_prefix : "patterns/";
    name.append(std::filesystem::path(argv[i]).filename().string());
    (in_data ? data : sources).push_back({name, text});
  }
  auto rules = ks::LoadRules(sources);
  if (!rules.ok()) return Fail(rules.error().message);
  const std::string digest = rules->digest();
  const std::string rules_function = RulesFunction(rules.value());
  auto db = ks::PatternDb::Compile(std::move(rules).value());
  if (!db.ok()) return Fail(db.error().message);
  const std::string serialized = db.value()->Serialize();
  if (serialized.empty()) return Fail("could not serialize the Hyperscan database");

  std::string out = "// Generated by tools/ks_embed from patterns/. Do not edit.\n";
  out += "#include \"builtin/builtin.h\"\n\nnamespace ks::builtin {\nnamespace {\n\n";
  out += FileArray("RuleFile", "kFiles", sources);
  out += FileArray("DataFile", "kData", data);
  out += ByteArray("kDatabase", serialized);
  out += "\n}  // namespace\n\n";
  out +=
      "std::span<const File> RuleFiles() { return std::span(kFiles).first(std::size(kFiles) - 1); "
      "}\n";
  out +=
      "std::string_view DataFile(std::string_view name) {\n"
      "  for (const File& f : kData) if (f.name == name && !name.empty()) return f.text;\n"
      "  return {};\n}\n";
  out += fmt::format("std::string_view SerializedDatabase() {{ return {}; }}\n",
                     View("kDatabase", serialized.size()));
  out += fmt::format("std::string_view RulesDigest() {{ return \"{}\"; }}\n\n", digest);
  out += rules_function + "\n";
  out += "}  // namespace ks::builtin\n";

  const std::string tmp = std::string(argv[1]) + ".tmp";
  std::ofstream(tmp, std::ios::binary) << out;
  std::filesystem::rename(tmp, argv[1]);
  return 0;
}
