#include "pipeline/progress_observer.h"

namespace ks {
namespace {

class Silent : public ProgressObserver {
 public:
  void AddTotal(uint64_t) override {}
  void AddItem(uint64_t) override {}
  void AddCommit() override {}
  void Stop() override {}
};

}  // namespace

std::unique_ptr<ProgressObserver> NoProgress(std::string_view) {
  return std::make_unique<Silent>();
}

}  // namespace ks
