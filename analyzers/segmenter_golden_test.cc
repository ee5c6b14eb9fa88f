// Golden-file test: tests/golden/segment.tsv holds `input<TAB>expected words`
// rows for tricky text (mixed scripts, traditional Chinese, numbers, domain
// vocabulary). Set CHANJIAO_UPDATE_GOLDEN=1 to rewrite the expectations after
// a deliberate change, then review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/test_support.h"

namespace chanjiao::analysis {
namespace {

TEST_CASE("golden segmentation of tricky text") {
  const std::string path = testing::source_dir() + "/tests/golden/segment.tsv";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "missing " << path);
  const bool update = std::getenv("CHANJIAO_UPDATE_GOLDEN") != nullptr;
  std::ostringstream rewritten;
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      rewritten << line << '\n';
      continue;
    }
    std::string input = line.substr(0, line.find('\t'));
    std::string expected =
        line.find('\t') == std::string::npos ? "" : line.substr(line.find('\t') + 1);
    std::string got;
    for (const Token& t : testing::analyzer().words(input))
      got += (got.empty() ? "" : " ") + t.text;
    rewritten << input << '\t' << got << '\n';
    ++rows;
    if (!update) {
      CAPTURE(input);
      CHECK(got == expected);
    }
  }
  CHECK(rows >= 20);
  if (update) std::ofstream(path) << rewritten.str();
}

}  // namespace
}  // namespace chanjiao::analysis
