// What a short query matches, through the real analyzer and TermBuilder:
// the strict query needs every content word, the relaxed one (the safety
// net) any of them or their parts; exclusions hold in both; a word matches
// in its traditional, pinyin and synonym forms too.
#include "search/query_builder.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/document.h"
#include "indexer/term_builder.h"
#include "search/query_parser.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

class Index {
 public:
  Index() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    const char* jobs[][3] = {
        {"py-analyst", "数据分析师", "熟悉Python，负责报表"},
        {"excel-analyst", "数据分析师", "熟练使用Excel"},
        {"py-dev", "后端开发工程师", "Python Django 开发"},
        {"software", "软件工程师", "负责软件开发与测试"},
        {"frontend", "前端开发工程师", "Vue React"},
        {"outsourced", "数据分析师（外包）", "Python 外包驻场"},
    };
    index::TermBuilder builder(testing::analyzer());
    for (const auto& [id, title, body] : jobs) {
      auto doc = parse_document(std::string(R"({"id":")") + id + R"(","type":"job","title":")" +
                                title + R"(","body":")" + body + R"("})");
      REQUIRE_MESSAGE(doc.is_ok(), doc.status().message());
      db_.add_document(builder.build(doc.value()));
    }
  }

  // Matching ids, best first.
  std::vector<std::string> ranked(const Xapian::Query& query) {
    std::vector<std::string> out;
    if (query.empty()) return out;
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      out.push_back(parse_document(it.get_document().get_data()).value().id);
    return out;
  }
  std::set<std::string> ids(const Xapian::Query& query) {
    std::vector<std::string> r = ranked(query);
    return {r.begin(), r.end()};
  }

  BuiltQuery build(const std::string& q) const {
    return QueryBuilder(testing::analyzer()).build(parse_query(q));
  }

 private:
  Xapian::WritableDatabase db_;
};

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE("strict needs every content word; relaxed takes any of them, whole words first") {
  Index index;
  BuiltQuery built = index.build("数据分析师 Python");
  CHECK(index.ids(built.strict) == Ids{"py-analyst", "outsourced"});
  CHECK(built.can_relax);
  // 前端开发工程师 shares only the character 师: partial credit, ranked last.
  const std::vector<std::string> relaxed = index.ranked(built.relaxed);
  REQUIRE(relaxed.size() >= 5);
  const Ids with_a_word(relaxed.begin(), relaxed.begin() + 4);
  CHECK(with_a_word == Ids{"py-analyst", "outsourced", "excel-analyst", "py-dev"});
  CHECK(std::find(relaxed.begin() + 4, relaxed.end(), "frontend") != relaxed.end());
}

TEST_CASE("an excluded word removes its documents from both queries") {
  Index index;
  BuiltQuery built = index.build("数据分析师 -外包");
  CHECK(index.ids(built.strict) == Ids{"py-analyst", "excel-analyst"});
  CHECK(index.ids(built.relaxed).count("outsourced") == 0);
}

TEST_CASE("OR groups match either side") {
  Index index;
  CHECK(index.ids(index.build("Vue OR Django").strict) == Ids{"frontend", "py-dev"});
}

TEST_CASE("a word matches in traditional characters and in pinyin") {
  Index index;
  CHECK(index.ids(index.build("軟體工程師").strict).count("software") == 1);
  CHECK(index.ids(index.build("qianduan").strict).count("frontend") == 1);
}

TEST_CASE("highlights and the spelling text are the query's normalised words") {
  Index index;
  BuiltQuery built = index.build("數據分析師 PYTHON");
  CHECK(std::find(built.highlight_words.begin(), built.highlight_words.end(), "python") !=
        built.highlight_words.end());
  CHECK(built.normalized_text.find("数据分析师") != std::string::npos);
}

TEST_CASE("an empty query builds no query: the searcher browses") {
  Index index;
  BuiltQuery built = index.build("");
  CHECK(built.strict.empty());
  CHECK_FALSE(built.can_relax);
}

}  // namespace chanjiao::search
