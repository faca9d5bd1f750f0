#include "verify/verdict.h"

#include <utility>

namespace ks::verify {

std::string_view StatusName(Status s) {
  switch (s) {
    case Status::kNotChecked:
      return "not_checked";
    case Status::kValid:
      return "valid";
    case Status::kInvalid:
      return "invalid";
    case Status::kExpired:
      return "expired";
    case Status::kUnknown:
      return "unknown";
    case Status::kSkipped:
      return "skipped";
  }
  return "unknown";
}

int Verdict::Rank() const {
  switch (status) {
    case Status::kValid:
      return 6;
    case Status::kExpired:
      return 5;
    case Status::kInvalid:
      return reason == "wrong_secret" ? 4 : 2;
    case Status::kUnknown:
      return 3;
    case Status::kSkipped:
      return 1;
    case Status::kNotChecked:
      return 0;
  }
  return 0;
}

Verdict Skipped(std::string reason) {
  return Verdict{Status::kSkipped, std::move(reason), {}, {}, {}};
}

}  // namespace ks::verify
