// Golden-file test: tests/golden/segment.tsv holds `input<TAB>expected words`
// rows for tricky text (mixed scripts, traditional Chinese, numbers, domain
// vocabulary). Set CHANJIAO_UPDATE_GOLDEN=1 to rewrite the expectations after
// a deliberate change, then review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

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

std::string joined_segments(std::string_view text) {
  std::string out;
  for (const Token& t : testing::analyzer().segment(text)) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

TEST_CASE("compounds jieba lists without a corpus count yield to counted parts") {
  struct Row {
    const char* input;
    const char* expected;
  } rows[] = {
      {"检察机关", "检察 机关"},  // 检察机关 carries jieba's placeholder count 3
      {"公正执法", "公正 执法"}, {"财政收入", "财政 收入"},
      {"服现役", "服 现役"}, {"工作人员", "工作人员"},  // counted: stays whole
      {"外包团建", "外包 团建"},  // uncounted two-character words are not split
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(joined_segments(row.input) == row.expected);
  }
}

TEST_CASE("proper names stay whole, counted or not") {
  // No surname + given-name split (that is one standard's convention).
  CHECK(joined_segments("江泽民主席") == "江泽民 主席");
  CHECK(joined_segments("莫斯科") == "莫斯科");  // a place tagged nr: never split at 莫
  CHECK(joined_segments("高唐县") == "高唐县");  // uncounted, but a name
}

TEST_CASE("numbers are one token however they are written") {
  CHECK(joined_segments("二００一年新年贺词") == "二００一年 新年贺词");  // digits among numerals
  CHECK(joined_segments("新年贺词二００一年") == "新年贺词 二００一年");
  CHECK(joined_segments("共有1万亿美元") == "共有 1万亿 美元");
  CHECK(joined_segments("3千万元") == "3千万 元");
  CHECK(joined_segments("一个人") == "一个 人");  // a numeral word is not a number
}

}  // namespace
}  // namespace chanjiao::analysis
