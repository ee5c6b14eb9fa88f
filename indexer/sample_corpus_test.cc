// Builds the index of the team's sample corpus (corpus/sample) and checks
// real queries against it at the term level: the recall cases, protected
// tokens, pinyin and filters the analysis pipeline promises.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <xapian.h>

#include <set>
#include <sstream>

#include "core/schema.h"
#include "indexer/index_builder.h"
#include "indexer/index_layout.h"
#include "tests/test_support.h"

namespace chanjiao::index {
namespace {

class SampleIndex {
 public:
  SampleIndex() {
    std::ostringstream log;
    BuildOptions options;
    options.index_root = dir_.file("index");
    options.sources = {testing::source_dir() + "/corpus/sample"};
    options.strict = true;
    options.log = &log;
    auto stats = build_index(options, testing::analyzer());
    INFO(log.str());
    REQUIRE(stats.is_ok());
    stats_ = stats.value();
    db_ = Xapian::Database(IndexLayout(dir_.file("index")).current().value());
  }

  const BuildStats& stats() const { return stats_; }
  const Xapian::Database& db() const { return db_; }

  // Titles of the documents matching `query`.
  std::set<std::string> titles(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    std::set<std::string> out;
    Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      rapidjson::Document json;
      json.Parse(it.get_document().get_data().c_str());
      out.insert(json["title"].GetString());
    }
    return out;
  }

  std::set<std::string> titles(const std::string& term) const {
    return titles(Xapian::Query(term));
  }

 private:
  testing::TempDir dir_;
  BuildStats stats_;
  Xapian::Database db_;
};

const SampleIndex& sample() {
  static SampleIndex index;
  return index;
}

bool any_contains(const std::set<std::string>& titles, const std::string& needle) {
  for (const std::string& t : titles)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

Xapian::Query all_ngrams(const std::string& word) {
  std::vector<Xapian::Query> parts;
  for (const std::string& g : analysis::Analyzer::ngrams(word))
    parts.emplace_back(Xapian::Query::OP_OR, Xapian::Query(schema::term(schema::kNgram, g)),
                       Xapian::Query(g));
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

TEST_CASE("the sample corpus indexes cleanly with at least 300 documents of all types") {
  CHECK(sample().stats().skipped == 0);
  CHECK(sample().db().get_doccount() >= 300);
  for (const char* type : {"job", "resource", "case"})
    CHECK(sample().db().get_termfreq(schema::term(schema::kType, type)) >= 50);
}

TEST_CASE("C++ and C are different terms") {
  auto cpp = sample().titles("c++");
  CHECK(any_contains(cpp, "C++软件开发工程师"));
  CHECK_FALSE(any_contains(cpp, "C语言嵌入式开发工程师"));
  CHECK(any_contains(sample().titles("c"), "C语言嵌入式开发工程师"));
  CHECK_FALSE(any_contains(sample().titles("c"), "C++软件开发工程师"));
  CHECK(any_contains(sample().titles("c#"), "C#上位机开发工程师"));
}

TEST_CASE("the recall layer finds sub-word and cross-word matches") {
  // 工具 only occurs inside 测试工具箱
  CHECK(any_contains(sample().titles(all_ngrams("工具")), "测试工具箱"));
  // 农业 inside the org name 中国农业发展银行长沙分行
  auto farm = sample().titles(
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("农业"), all_ngrams("农业")));
  CHECK_FALSE(farm.empty());
  // 机器人运维 → 机器人 AND 运维 finds 工业机器人 运维…
  auto robots = sample().titles(
      Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("机器人"), Xapian::Query("运维")));
  CHECK(robots.count("工业机器人 运维实训基地建设案例") == 1);
}

TEST_CASE("traditional Chinese documents are searchable with simplified words") {
  CHECK(sample().db().get_termfreq("软件") > 0);
  // 軟體 is normalised away at index time
  CHECK(sample().db().get_termfreq("軟體") == 0);
}

TEST_CASE("pinyin and initials reach titles and regions") {
  CHECK_FALSE(sample().titles(schema::term(schema::kPinyin, "changsha")).empty());
  CHECK(any_contains(sample().titles(schema::term(schema::kPinyin, "qianduan")), "前端"));
  CHECK(any_contains(sample().titles(schema::term(schema::kInitials, "sjfx")), "数据分析"));
  CHECK(any_contains(sample().titles(schema::term(schema::kPinyin, "kuaiji")), "会计"));
}

TEST_CASE("filters: type, region and education are boolean terms; salary and date are values") {
  auto changsha = sample().titles(
      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(schema::term(schema::kType, "job")),
                    Xapian::Query(schema::term(schema::kRegion, "长沙"))));
  CHECK(any_contains(changsha, "前端开发工程师"));
  CHECK(sample().db().get_termfreq(schema::term(schema::kEducation, "本科")) > 0);
  Xapian::Query rich(Xapian::Query::OP_VALUE_GE, schema::kSalaryMax,
                     Xapian::sortable_serialise(20000));
  CHECK_FALSE(sample().titles(rich).empty());
}

TEST_CASE("reposted duplicates share a collapse key") {
  Xapian::Database db = sample().db();
  auto key_of = [&db](const std::string& id) {
    Xapian::PostingIterator it = db.postlist_begin(schema::term(schema::kId, id));
    REQUIRE(it != db.postlist_end(schema::term(schema::kId, id)));
    return db.get_document(*it).get_value(schema::kCollapseKey);
  };
  CHECK(key_of("job-0140") == key_of("job-0141"));
  CHECK(key_of("job-0140") != key_of("job-0001"));
}

}  // namespace
}  // namespace chanjiao::index
