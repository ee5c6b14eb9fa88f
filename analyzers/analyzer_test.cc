#include "analyzers/analyzer.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/test_support.h"

namespace chanjiao::analysis {
namespace {

using testing::analyzer;

std::string joined_words(std::string_view text) {
  std::string out;
  for (const Token& t : analyzer().words(text)) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

std::string joined_segments(std::string_view text) {
  std::string out;
  for (const Token& t : analyzer().segment(text)) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_CASE("normalisation folds width and case and converts traditional phrases") {
  struct Row {
    const char* input;
    const char* expected;
  } rows[] = {
      {"軟體工程師", "软件工程师"},  // phrase level, not 软体工程师
      {"ＪＡＶＡ開發", "java开发"},  // full width → ASCII, lower case
      {"資料庫管理", "数据库管理"}, {"記憶體", "内存"},
      {"ＰＬＣ编程", "plc编程"},    {"软件工程师", "软件工程师"},  // simplified text is left alone
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(analyzer().normalize(row.input) == row.expected);
  }
}

TEST_CASE("protected tokens survive, also glued to Chinese") {
  struct Row {
    const char* input;
    const char* expected;
  } rows[] = {
      {"熟悉C++和5G基站", "熟悉 c++ 和 5g 基站"},
      {"C++工程师", "c++ 工程师"},
      {"C语言", "c 语言"},
      {"C#上位机", "c# 上位机"},
      {".NET开发", ".net 开发"},
      {"Node.js和Vue.js", "node.js 和 vue.js"},
      {"1+X证书", "1+x 证书"},
      {"PLC编程", "plc 编程"},
      {"CAD/CAM软件", "cad/cam 软件"},
      {"O2O平台", "o2o 平台"},
      {"4S店", "4s店"},
      {"3D打印", "3d打印"},
      {"月薪8k-12k", "月薪 8k-12k"},
      {"8000-12000元", "8000-12000 元"},
      {"Python3.8版本", "python3.8 版本"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(joined_words(row.input) == row.expected);
  }
}

TEST_CASE("segmentation keeps every non-space character in order") {
  const char* inputs[] = {"共同创造美好的新世纪——二○○一年新年贺词", "  ＡＢＣ１２３，中文 text!? ",
                          "\xe4\xb8", "工业机器人运维实训基地"};
  for (const char* input : inputs) {
    std::string expected;
    for (const char* p = input; *p; ++p)
      if (*p != ' ') expected.push_back(*p);
    std::string got;
    for (const Token& t : analyzer().segment(input)) got += t.text;
    CAPTURE(input);
    CHECK(got == expected);
  }
}

TEST_CASE("numbers and dates are single tokens") {
  CHECK(joined_segments("二○○一年新年贺词") == "二○○一年 新年贺词");
  CHECK(joined_segments("十二月三十一日") == "十二月 三十一日");
  CHECK(joined_segments("过去的一年") == "过去 的 一年");
  CHECK(joined_segments("增长55.6亿") == "增长 55.6亿");
}

TEST_CASE("domain words from the team dictionary are single words") {
  for (const char* word :
       {"产教融合", "校企合作", "实训基地", "现代学徒制", "数控技术", "工业机器人"}) {
    CAPTURE(word);
    CHECK(joined_words(word) == word);
  }
  CHECK(joined_words("工业机器人运维") == "工业机器人 运维");
}

TEST_CASE("pinyin uses word readings for polyphones") {
  struct Row {
    const char* word;
    const char* full;
    const char* initials;
  } rows[] = {
      {"银行", "yinhang", "yh"},   {"长沙", "changsha", "cs"},
      {"会计", "kuaiji", "kj"},    {"重庆", "chongqing", "cq"},
      {"前端", "qianduan", "qd"},  {"数据分析", "shujufenxi", "sjfx"},
      {"行长", "hangzhang", "hz"}, {"实训基地", "shixunjidi", "sxjd"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.word);
    CHECK(analyzer().pinyin().full(row.word) == row.full);
    CHECK(analyzer().pinyin().initials(row.word) == row.initials);
  }
  CHECK(analyzer().pinyin().full("c++").empty());
}

TEST_CASE("the recall layer: sub-words and character n-grams") {
  std::vector<std::string> subwords = analyzer().subwords("工业机器人");
  CHECK(contains(subwords, "机器人"));
  CHECK(contains(subwords, "工业"));
  CHECK(Analyzer::ngrams("测试工具箱") == std::vector<std::string>{"测试", "试工", "工具", "具箱"});
  CHECK(Analyzer::ngrams("车") == std::vector<std::string>{"车"});
  CHECK(Analyzer::ngrams("java").empty());
}

TEST_CASE("synonyms and stop words are looked up in normalised form") {
  CHECK(contains(analyzer().lexicon().synonyms("前端"), "web前端"));
  CHECK(contains(analyzer().lexicon().synonyms("web前端"), "前端"));
  CHECK(contains(analyzer().lexicon().synonyms("运维"), "系统运维"));
  CHECK(contains(analyzer().lexicon().synonyms("软件"), "软体"));
  CHECK_FALSE(contains(analyzer().lexicon().synonyms("前端"), "前端"));
  CHECK(analyzer().lexicon().is_stopword("的"));
  CHECK(analyzer().lexicon().is_stopword("the"));
  CHECK_FALSE(analyzer().lexicon().is_stopword("运维"));
}

TEST_CASE("the fingerprint identifies the loaded data") {
  CHECK(analyzer().fingerprint().size() == 16);
}

TEST_CASE("Unicode corner cases: valid text is analysed, invalid bytes never escape") {
  struct Row {
    const char* input;
    const char* words;
  } rows[] = {
      {"\xF0\xA0\x80\x80工程师", "\xF0\xA0\x80\x80 工程师"},  // 𠀀: 4-byte CJK Extension B
      {"ＰＹＴＨＯＮ开发", "python 开发"},                    // full width folded
      {"😀Java开发", "java 开发"},                             // emoji: not a word
      {"a\u202Eb工程师", "ab 工程师"},                        // bidi control dropped
      {"数据\u200B分析", "数据分析"},                         // zero-width space dropped
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(joined_words(row.input) == row.words);
  }
  // Invalid sequences (overlong '/', CESU-8 surrogate, stray and 0xFF bytes):
  // normalisation replaces them, so nothing invalid reaches an index term.
  for (std::string_view bad : {std::string_view("ab\xC0\xAF"
                                                "cd"),
                               std::string_view("x\xED\xA0\x80y"), std::string_view("\x80\xFF"),
                               std::string_view("\xE5\xB7", 2)}) {
    CAPTURE(bad);
    CHECK(is_valid_utf8(analyzer().normalize(bad)));
    for (const Token& t : analyzer().words(bad)) CHECK(is_valid_utf8(t.text));
  }
}

}  // namespace
}  // namespace chanjiao::analysis
