// RAII owners for Hyperscan's C handles. Private to the engine module: no other module includes
// <hs/hs.h>.
#pragma once

#include <hs/hs.h>

#include <memory>

namespace ks::engine_detail {

struct DatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct ScratchFree {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
struct CompileErrorFree {
  void operator()(hs_compile_error_t* e) const { hs_free_compile_error(e); }
};
struct ExprInfoFree {
  // hs_expression_info allocates with the misc allocator, which defaults to malloc.
  void operator()(hs_expr_info_t* info) const { std::free(info); }
};

using Database = std::unique_ptr<hs_database_t, DatabaseFree>;
using Scratch = std::unique_ptr<hs_scratch_t, ScratchFree>;
using CompileError = std::unique_ptr<hs_compile_error_t, CompileErrorFree>;
using ExprInfo = std::unique_ptr<hs_expr_info_t, ExprInfoFree>;

}  // namespace ks::engine_detail
