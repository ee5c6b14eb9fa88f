// libFuzzer target: the query syntax (quotes, -exclusions, salary filters,
// long text) and the Xapian query built from it (issue 17).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "analyzers/analyzer.h"
#include "search/query_builder.h"
#include "search/query_parser.h"

namespace {

const chanjiao::analysis::Analyzer& analyzer() {
  static std::shared_ptr<const chanjiao::analysis::Analyzer> instance = [] {
    auto loaded = chanjiao::analysis::Analyzer::load(
        chanjiao::analysis::AnalyzerOptions::in_data_dir(CHANJIAO_BUILD_DATA_DIR));
    if (!loaded.is_ok()) std::abort();
    return loaded.value();
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 14) return 0;  // SearchLimits::kMaxQueryBytes is far below
  std::string_view text(reinterpret_cast<const char*>(data), size);
  chanjiao::search::ParsedQuery parsed = chanjiao::search::parse_query(text);
  chanjiao::search::BuiltQuery built = chanjiao::search::QueryBuilder(analyzer()).build(parsed);
  (void)built.strict.get_description();
  (void)built.relaxed.get_description();
  return 0;
}
