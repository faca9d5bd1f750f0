#include "engine/candidate_finder.h"

#include <fmt/format.h>

#include <limits>

#include "engine/pattern_db_impl.h"

namespace ks {

struct CandidateFinder::ScratchHolder {
  engine_detail::Scratch scratch;
};

namespace {

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* ctx) {
  static_cast<std::vector<Candidate>*>(ctx)->push_back(Candidate{id, to});
  return 0;
}

}  // namespace

CandidateFinder::CandidateFinder(std::shared_ptr<const PatternDb> db)
    : db_(std::move(db)), scratch_(std::make_unique<ScratchHolder>()) {
  hs_scratch_t* clone = nullptr;
  // Cloning only fails on allocation failure; Find() reports a null scratch as an error.
  if (hs_clone_scratch(db_->impl().prototype.get(), &clone) == HS_SUCCESS) {
    scratch_->scratch.reset(clone);
  }
}

CandidateFinder::~CandidateFinder() = default;

Status CandidateFinder::Find(std::string_view bytes, std::vector<Candidate>* out) {
  if (!scratch_->scratch) return MakeError(ErrorKind::kEngine, "no Hyperscan scratch space");
  // hs_scan takes an unsigned int length. The size limits keep blobs far below 4 GiB; refuse
  // anything larger rather than scan a truncated prefix.
  if (bytes.size() > std::numeric_limits<unsigned int>::max()) {
    return MakeError(ErrorKind::kInput, "buffer larger than 4 GiB cannot be scanned in one block");
  }
  const hs_error_t rc =
      hs_scan(db_->impl().db.get(), bytes.data(), static_cast<unsigned int>(bytes.size()), 0,
              scratch_->scratch.get(), &OnMatch, out);
  if (rc != HS_SUCCESS)
    return MakeError(ErrorKind::kEngine, fmt::format("hs_scan failed ({})", rc));
  return {};
}

}  // namespace ks
