#include "search/highlighter.h"

#include <doctest/doctest.h>

#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

std::string marked(const std::vector<std::string>& words, const std::string& text) {
  return Highlighter(testing::analyzer(), words).highlight(text);
}

TEST_CASE("whole words are marked, escaped text first") {
  CHECK(marked({"工程师"}, "软件 工程师") == "软件 <mark>工程师</mark>");
  CHECK(marked({"c++"}, "熟悉C++和C") == "熟悉<mark>C++</mark>和C");
  // a longer word containing the query word is marked whole, not cut
  CHECK(marked({"机器人"}, "工业机器人运维") == "<mark>工业机器人</mark>运维");
  CHECK(marked({"运维"}, "<b>运维</b>") == "&lt;b&gt;<mark>运维</mark>&lt;/b&gt;");
  CHECK(marked({"的"}, "我的") == "我的");  // stop words are not marked
}

TEST_CASE("traditional text is marked where its simplified form matches") {
  CHECK(marked({"工程师"}, "韌體工程師") == "韌體<mark>工程師</mark>");
}

TEST_CASE("snippets pick the window with the matches") {
  std::string body = std::string(300, 'x') + " 熟悉Java开发 " + std::string(300, 'y');
  std::string snippet = Highlighter(testing::analyzer(), {"java"}).snippet(body, 60);
  CHECK(snippet.find("<mark>Java</mark>") != std::string::npos);
  CHECK(snippet.rfind("…", 0) == 0);
}

}  // namespace
}  // namespace chanjiao::search
