// Searchers on different threads share no Xapian object. Xapian's reference
// counts are not atomic, so one Query (or Database) copied on two threads at
// once is corrupted and sooner or later freed while in use; the server once
// crashed that way under concurrent browse queries, through the static
// Xapian::Query::MatchAll (core/schema.h: schema::match_all).
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "core/document.h"
#include "indexer/store_sync.h"
#include "search/searcher.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

TEST_CASE("browse and keyword searches on four threads at once give each the same answers") {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    index::TermBuilder builder(testing::analyzer());
    for (int i = 0; i < 20; ++i) {
      std::string json = R"({"id":"job-)" + std::to_string(i) +
                         R"(","type":"job","title":"数据分析师)" + std::to_string(i) +
                         R"(号","region":"北京",)"
                         R"("owner_org":"a","restricted":)" +
                         (i % 4 == 0 ? "true" : "false") + "}";
      index::index_document(db, builder, parse_document(json).value());
    }
    db.commit();
  }
  constexpr int kThreads = 4;
  constexpr int kRounds = 1000;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Searcher searcher(testing::analyzer(), Xapian::Database(path));
      for (int round = 0; round < kRounds; ++round) {
        SearchRequest browse;  // empty q: every visible document
        SearchRequest keyword;
        keyword.q = "数据分析";
        auto all = searcher.search(browse);
        auto some = searcher.search(keyword);
        if (!all.is_ok() || !some.is_ok() || all->total != 15 || some->total != 15) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(wrong == std::vector<int>(kThreads, 0));
}

}  // namespace
}  // namespace chanjiao::search
