// Fuzz target: the rule loader (rules/rule_loader.h) on arbitrary YAML text, as a user's
// `--rules DIR` file. yaml-cpp's exceptions must stop inside LoadRules; a rule set it accepts must
// satisfy what the engine relies on.
#include "rules/rule_loader.h"

#include <cstdint>
#include <string>

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto rules =
      ks::LoadRules({ks::RuleSource{"fuzz.yaml", std::string(ks::fuzz::AsText(data, size))}});
  if (!rules.ok()) {
    FUZZ_CHECK(!rules.error().message.empty());
    return 0;
  }
  const ks::RuleSet& set = rules.value();
  FUZZ_CHECK(set.digest().size() == 64);
  for (size_t i = 0; i < set.size(); ++i) {
    const ks::Rule& r = set[i];
    FUZZ_CHECK(!r.id.empty());
    FUZZ_CHECK(!r.pattern.empty());
    FUZZ_CHECK(!r.secret_groups.empty());
    FUZZ_CHECK(set.Find(r.id) == static_cast<int>(i));  // ids are unique
  }
  return 0;
}
