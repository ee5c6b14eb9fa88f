// libFuzzer target: normalise, segment, words, pinyin and display segments on
// arbitrary bytes (issue 17). Properties beyond "no crash, no sanitizer
// report": every piece of text the analyzer hands on is valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "analyzers/analyzer.h"

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

void require(bool ok) {
  if (!ok) std::abort();
}

// Well-formed UTF-8. NUL passes through the analyzer unchanged (found by the
// seed corpus): is_valid_utf8 refuses it because the HTTP edge and document
// validation reject NUL before text reaches analysis, so it is allowed here.
bool well_formed(std::string text) {
  std::erase(text, '\0');
  return chanjiao::is_valid_utf8(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;  // the API caps text far below this
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& a = analyzer();
  require(well_formed(a.normalize(text)));
  for (const auto& t : a.words(text)) {
    require(well_formed(t.text));
    require(well_formed(a.pinyin().full(t.text)));
  }
  for (const auto& t : a.segment(text)) require(t.text.size() <= text.size() * 3 + 3);
  return 0;
}
