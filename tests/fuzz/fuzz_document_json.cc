// libFuzzer target: a published document (or anything else) through JSON
// parsing and validation, and a valid one on into an index document (issue 17).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "indexer/term_builder.h"

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
  if (size > 1 << 20) return 0;  // the server's body limit
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto doc = chanjiao::parse_document(json);
  if (!doc.is_ok()) return 0;
  std::vector<std::string> spelling;
  chanjiao::index::TermBuilder builder(analyzer());
  (void)builder.build(doc.value(), &spelling);
  return 0;
}
