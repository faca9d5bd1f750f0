#include "playbook/strings.h"

namespace ks::playbook {
namespace {

struct Pair {
  std::string_view en, ja;
  std::string_view In(Lang lang) const { return lang == Lang::kJa ? ja : en; }
};

Pair Message(Msg m) {
  switch (m) {
    case Msg::kIncidentsTitle:
      return {"Incident response", "インシデント対応"};
    case Msg::kIncidentsIntro:
      return {
          "Leaked credentials to respond to: {count}, of which confirmed live: {live}. Live "
          "keys come first. For each one, go through the phases in order: contain, "
          "investigate, recover, harden.",
          "対応が必要な漏洩認証情報: {count} 件（うち有効と確認されたもの: {live} 件）。有効な"
          "キーを先頭に並べています。それぞれについて、封じ込め・調査・復旧・再発防止の順に"
          "進めてください。"};
    case Msg::kNoFindings:
      return {"The report has no findings: nothing to respond to.",
              "レポートに検出結果はありません。対応は不要です。"};
    case Msg::kExamplesLeftOut:
      return {
          "Left out as not credentials: AWS documentation examples and placeholders "
          "({count}).",
          "AWS ドキュメントのサンプルキーやプレースホルダー（{count} 件）は、認証情報ではない"
          "ため対象外としました。"};
    case Msg::kCanariesLeftOut:
      return {
          "Left out: canary-token keys ({count}). They belong to a canary service, and "
          "whoever planted them is alerted when they are used: never use them, and ask your "
          "security team whether they planted them.",
          "カナリアトークンのキー（{count} 件）は対象外としました。これらはカナリアサービスの"
          "キーで、使用されると設置者に通知されます。決して使用せず、自社のセキュリティ"
          "チームが設置したものか確認してください。"};
    case Msg::kIncidentKey:
      return {"Incident {n}: key {key}{live}", "インシデント {n}: キー {key}{live}"};
    case Msg::kIncidentKeyless:
      return {"Incident {n}: {rule} in {path}", "インシデント {n}: {path} の {rule}"};
    case Msg::kLiveTag:
      return {" (LIVE)", "（有効）"};
    case Msg::kPlaybookLine:
      return {"Playbook {id}: {title}.", "プレイブック {id}: {title}"};
    case Msg::kKeyIdLabel:
      return {"Key ID", "アクセスキー ID"};
    case Msg::kAccountLabel:
      return {"Account", "アカウント"};
    case Msg::kAccountFromSts:
      return {" (from STS)", "（STS の応答より）"};
    case Msg::kAccountOffline:
      return {" (decoded from the key ID, offline)", "（キー ID からオフラインで算出）"};
    case Msg::kArnLabel:
      return {"ARN", "ARN"};
    case Msg::kRegionLabel:
      return {"Region", "リージョン"};
    case Msg::kStatusLabel:
      return {"Status", "状態"};
    case Msg::kWhereFound:
      return {"Where it was found", "検出箇所"};
    case Msg::kLocation:
      return {"{loc} ({rule})", "{loc}（{rule}）"};
    case Msg::kLocationHistory:
      return {"{loc} ({rule}), commit {commit} by {author}, {date}",
              "{loc}（{rule}）、コミット {commit}、作成者 {author}、{date}"};
    case Msg::kMoreLocations:
      return {"… and {count} more: see the report.",
              "…ほか {count} 箇所（レポートを参照してください）"};
    case Msg::kHistoryReminder:
      return {
          "Deleting the file or the line does not make the key safe: it stays in git history, "
          "in every clone, fork and CI cache, and with whoever already copied it. The key must "
          "be deactivated and rotated as below; rewriting history afterwards is only "
          "clean-up.",
          "ファイルや該当行を削除しても、キーは安全になりません。キーは git の履歴、すべての"
          "クローン・フォーク・CI のキャッシュ、そしてすでにコピーした第三者の手元に残ります。"
          "以下の手順でキーを無効化し、ローテーションしてください。履歴の書き換えは、その後の"
          "後片付けにすぎません。"};
    case Msg::kFillIn:
      return {"Fill in before running", "実行前に埋める値"};
    case Msg::kFillInIntro:
      return {
          "The report does not say what these are, so the commands show them in angle "
          "brackets: replace each before running.",
          "次の値はレポートからは分からないため、コマンド中では山括弧で示しています。実行前に"
          "置き換えてください。"};
    case Msg::kEscalate:
      return {"If you see this, escalate", "次の兆候があればエスカレーション"};
    case Msg::kEscalateTo:
      return {"Then this is no longer one leaked key: handle it as \"{title}\" ({command}).",
              "その場合、単なるキー漏洩ではありません。「{title}」として対応してください"
              "（{command}）。"};
    case Msg::kNoPlaybook:
      return {
          "There is no built-in playbook named {id}. In general: revoke or rotate the "
          "credential where it was issued, find out what it was used for, and move its users to "
          "a new one.",
          "{id} という名前の組み込みプレイブックはありません。一般的には、発行元で認証情報を"
          "失効またはローテーションし、何に使われたかを調査し、利用者を新しい認証情報に"
          "切り替えてください。"};
    case Msg::kListFooter:
      return {
          "keysweep playbook ID prints one; keysweep playbook --from REPORT.json renders the "
          "response to each key in a JSON report.",
          "keysweep playbook ID で個別に表示します。keysweep playbook --from REPORT.json で、"
          "JSON レポートのキーごとに対応手順を出力します。"};
  }
  return {"", ""};
}

Pair Hint(Placeholder p) {
  switch (p) {
    case Placeholder::kKeyId:
      return {
          "the access key ID (AKIA…, ASIA…) that goes with the leaked secret. The secret "
          "does not reveal it: look next to it (aws_access_key_id, AWS_ACCESS_KEY_ID, an SMTP "
          "user name) or in the application's configuration.",
          "漏洩したシークレットと対になるアクセスキー ID（AKIA…、ASIA…）。シークレットからは"
          "分からないため、すぐ近くの記述（aws_access_key_id、AWS_ACCESS_KEY_ID、SMTP "
          "ユーザー名）やアプリケーションの設定を確認してください。"};
    case Placeholder::kAccount:
      return {
          "the 12-digit account that owns the key: `aws sts get-access-key-info "
          "--access-key-id {key_id}` prints it (with any credentials of yours; it does not use "
          "the leaked key).",
          "キーを所有する 12 桁のアカウント ID。`aws sts get-access-key-info --access-key-id "
          "{key_id}` で確認できます（手元の任意の認証情報で実行でき、漏洩したキーは使い"
          "ません）。"};
    case Placeholder::kUserName:
      return {
          "the IAM user that owns the key: `aws iam get-access-key-last-used --access-key-id "
          "{key_id}` prints it as UserName (run it as an administrator of the account). "
          "`keysweep verify` shows it too, in the ARN arn:aws:iam::ACCOUNT:user/NAME.",
          "キーを所有する IAM ユーザー。アカウントの管理者権限で `aws iam "
          "get-access-key-last-used --access-key-id {key_id}` を実行すると UserName に表示"
          "されます。`keysweep verify` の結果の ARN（arn:aws:iam::ACCOUNT:user/NAME）でも"
          "確認できます。"};
    case Placeholder::kRoleName:
      return {
          "the role the temporary credentials were issued for: `keysweep verify` shows it in "
          "the ARN arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, and CloudTrail in "
          "userIdentity.sessionContext.sessionIssuer.userName of the key's events.",
          "一時的な認証情報の発行元ロール。`keysweep verify` の結果の ARN"
          "（arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION）か、CloudTrail のイベントの "
          "userIdentity.sessionContext.sessionIssuer.userName で確認できます。"};
    case Placeholder::kRegion:
      return {
          "the SES region: the one in the SMTP host the application sends through "
          "(email-smtp.REGION.amazonaws.com), or wherever `aws sesv2 get-account` shows "
          "sending you do not expect.",
          "SES のリージョン。アプリケーションが使っている SMTP ホスト"
          "（email-smtp.REGION.amazonaws.com）のリージョン、または `aws sesv2 get-account` "
          "で身に覚えのない送信が見られるリージョンです。"};
  }
  return {"", ""};
}

}  // namespace

std::string_view Ui(Msg m, Lang lang) { return Message(m).In(lang); }

std::string_view PhaseTitle(Phase p, Lang lang) {
  switch (p) {
    case Phase::kContain:
      return Pair{"Contain", "封じ込め"}.In(lang);
    case Phase::kInvestigate:
      return Pair{"Investigate", "調査"}.In(lang);
    case Phase::kRecover:
      return Pair{"Recover", "復旧"}.In(lang);
    case Phase::kHarden:
      return Pair{"Harden", "再発防止"}.In(lang);
  }
  return "";
}

std::string_view PlaceholderHint(Placeholder p, Lang lang) { return Hint(p).In(lang); }

std::string_view VerdictText(const verify::Verdict& v, Lang lang) {
  switch (v.status) {
    case verify::Status::kValid:
      return Pair{"LIVE: STS accepted this key. Act now.",
                  "有効。STS がこのキーを受け付けました。今すぐ対応してください。"}
          .In(lang);
    case verify::Status::kExpired:
      return Pair{
          "expired: these temporary credentials no longer work, but what they did while "
          "they did still needs investigating.",
          "期限切れ。この一時的な認証情報はもう使えませんが、有効だった間の操作は調査が"
          "必要です。"}
          .In(lang);
    case verify::Status::kInvalid:
      if (v.reason == "wrong_secret") {
        return Pair{
            "the key ID exists, but the secret found with it does not match: the key "
            "itself may still be live. Treat it as live.",
            "キー ID は存在しますが、一緒に見つかったシークレットが一致しません。キー自体は"
            "有効な可能性があるため、有効なものとして扱ってください。"}
            .In(lang);
      }
      return Pair{
          "invalid: STS does not accept this key ID (deactivated or deleted). Still find "
          "out what it did before that.",
          "無効。STS はこのキー ID を受け付けません（無効化済みまたは削除済み）。それ以前に"
          "何に使われたかは調査してください。"}
          .In(lang);
    case verify::Status::kUnknown:
      return Pair{"no verdict ({reason}): treat it as live.",
                  "判定できませんでした（{reason}）。有効なものとして扱ってください。"}
          .In(lang);
    case verify::Status::kSkipped:
      return Pair{"not checked ({reason}): treat it as live.",
                  "確認していません（{reason}）。有効なものとして扱ってください。"}
          .In(lang);
    case verify::Status::kNotChecked:
      break;
  }
  return Pair{
      "not verified: treat it as live until `keysweep verify {report}` says otherwise "
      "(it asks STS, and the call shows in the key owner's CloudTrail).",
      "未確認。`keysweep verify {report}` で確認できるまでは有効なものとして扱って"
      "ください（STS に問い合わせるため、キー所有者の CloudTrail に記録されます）。"}
      .In(lang);
}

}  // namespace ks::playbook
