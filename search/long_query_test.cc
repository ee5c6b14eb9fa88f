#include "search/long_query.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/document.h"
#include "core/schema.h"
#include "indexer/store_sync.h"
#include "search/searcher.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

void index_posting(Xapian::WritableDatabase& db, const std::string& id, const std::string& title,
                   const std::string& org, const std::string& body) {
  index::TermBuilder builder(testing::analyzer());
  auto doc = parse_document(R"({"id":")" + id + R"(","type":"job","title":")" + title +
                            R"(","org":")" + org + R"(","body":")" + body + R"("})");
  REQUIRE_MESSAGE(doc.is_ok(), doc.status().message());
  index::index_document(db, builder, doc.value());
}

void index_job(Xapian::WritableDatabase& db, const std::string& id, const std::string& title,
               const std::string& body) {
  index_posting(db, id, title, id + "公司", body);
}

const char* kCv =
    "本人熟悉Python和Django框架开发，掌握MySQL数据库设计与优化，了解Redis缓存和Linux服务器运维，"
    "参与过电商平台后端接口开发项目，负责订单模块和支付模块，熟悉Git版本管理与团队协作，"
    "具备良好的沟通能力和学习能力，希望从事后端开发工程师岗位。";

}  // namespace

TEST_CASE("long text is told from a short query by its count of content words") {
  const auto& a = testing::analyzer();
  CHECK_FALSE(is_long_text(a, "Java 开发工程师 北京"));
  CHECK_FALSE(is_long_text(a, "\"数据 分析\" -外包 title:运维"));
  CHECK_FALSE(
      is_long_text(a, "的的的的的的的的的的的的的的的的的的的的的的的的的的的"));  // stop words
  CHECK(is_long_text(a, kCv));
  // The boundary (LongQueryLimits::kMinWords = 8, measured in bench/longtext).
  CHECK_FALSE(is_long_text(a, "java python go rust scala kotlin swift ruby"));
  CHECK(is_long_text(a, "java python go rust scala kotlin swift ruby php"));
  CHECK_FALSE(is_long_text(a, "java python go rust scala kotlin swift ruby php", 9));
  CHECK(is_long_text(a, "java python", 1));
}

TEST_CASE("a long text searches its discriminative words and ranks the matching posting first") {
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
    index_job(db, "a", "Python后端开发工程师",
              "负责电商平台订单与支付模块，使用Django、MySQL、Redis，Linux部署");
    index_job(db, "b", "会计", "负责公司财务报表，熟悉用友软件，具备良好的沟通能力");
    index_job(db, "c", "前端开发", "熟悉Vue和JavaScript，具备良好的沟通能力和学习能力");
    index_job(db, "d", "销售代表", "开拓客户，具备良好的沟通能力，团队协作");
  }
  Xapian::Database db(dir.file("db"));
  BuiltQuery built = build_long_query(testing::analyzer(), db, kCv, mean_text_length(db));
  REQUIRE_FALSE(built.words.empty());
  CHECK(built.words.size() <= LongQueryLimits::kMaxTerms);
  // A word in every document (沟通) carries less than a rare one (django).
  auto pos = [&](const std::string& w) {
    return std::find(built.words.begin(), built.words.end(), w) - built.words.begin();
  };
  CHECK(pos("django") < pos("沟通"));

  Searcher searcher(testing::analyzer(), db);
  SearchRequest request;
  request.q = kCv;
  auto result = searcher.search(request);
  REQUIRE(result.is_ok());
  REQUIRE_FALSE(result->hits.empty());
  CHECK(result->hits[0].id == "a");
  CHECK_FALSE(result->relaxed);
}

TEST_CASE("a long text weighs postings by their text, not by the length of their org name") {
  // The same description under a short and a long org name: Xapian's
  // document length counts the org's words, pinyin and n-grams, so the long
  // one used to weigh less; the text's own length (schema::kTextLength) is
  // the same for both.
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
    index_posting(db, "short", "Python开发工程师", "甲方", kCv);
    index_posting(db, "long", "Python开发工程师",
                  "深圳市前海智慧云网络信息技术股份有限公司广州分公司", kCv);
    index_job(db, "b", "会计", "负责公司财务报表，熟悉用友软件，具备良好的沟通能力");
    index_job(db, "c", "前端开发", "熟悉Vue和JavaScript，具备良好的沟通能力和学习能力");
  }
  Xapian::Database db(dir.file("db"));
  REQUIRE(db.get_value_freq(schema::kTextLength) == 4);
  Searcher searcher(testing::analyzer(), db);
  SearchRequest request;
  request.q = kCv;
  auto result = searcher.search(request);
  REQUIRE(result.is_ok());
  REQUIRE(result->hits.size() >= 2);
  std::vector<std::string> top = {result->hits[0].id, result->hits[1].id};
  std::sort(top.begin(), top.end());
  CHECK(top == std::vector<std::string>{"long", "short"});
  CHECK(result->hits[0].score == doctest::Approx(result->hits[1].score).epsilon(1e-9));
  CHECK(result->hits[1].score > result->hits[2].score);

  // Its leaves are no query terms: matching_words tells which of its words a
  // document has (the recommender's "与简历相关" reasons).
  BuiltQuery built = build_long_query(testing::analyzer(), db, kCv, mean_text_length(db));
  Xapian::Document doc = db.get_document(*db.postlist_begin("Qshort"));
  std::vector<std::string> shared = matching_words(doc, built.words);
  CHECK(std::find(shared.begin(), shared.end(), "django") != shared.end());
  CHECK(shared.size() == built.words.size());  // the posting is the text itself
  Xapian::Document other = db.get_document(*db.postlist_begin("Qb"));
  CHECK(matching_words(other, built.words).size() < built.words.size());
}

TEST_CASE("a long text of words the index never saw finds nothing, not everything") {
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
    index_job(db, "a", "会计", "财务报表");
  }
  Xapian::Database db(dir.file("db"));
  Searcher searcher(testing::analyzer(), db);
  SearchRequest request;
  request.q =
      "量子纠缠实验 天体物理观测 古典文学鉴赏 书法篆刻艺术 园林景观设计 陶瓷烧制工艺 "
      "茶叶品鉴技术 民族舞蹈编排 航海气象预报 深海地质勘探 极地冰川研究 沙漠植物培育 "
      "高山滑雪训练";
  REQUIRE(is_long_text(testing::analyzer(), request.q));
  auto result = searcher.search(request);
  REQUIRE(result.is_ok());
  CHECK(result->total == 0);
  CHECK(result->hits.empty());
}

}  // namespace chanjiao::search
