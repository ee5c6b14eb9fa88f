#include "indexer/index_builder.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <sstream>

#include "core/schema.h"
#include "indexer/index_layout.h"
#include "tests/test_support.h"

namespace chanjiao::index {
namespace {

using testing::TempDir;

const char* kGoodJob =
    R"({"id":"job-1","type":"job","title":"C++软件开发工程师","body":"熟悉C++和Qt","region":"长沙"})";
const char* kGoodCase =
    R"({"id":"case-1","type":"case","title":"工业机器人 运维实训基地建设案例","year":2024})";

struct BuildRun {
  Result<BuildStats> stats;
  std::string log;
};

BuildRun run_build(const std::string& root, const std::vector<std::string>& sources,
                   bool strict = false) {
  std::ostringstream log;
  BuildOptions options;
  options.index_root = root;
  options.sources = sources;
  options.strict = strict;
  options.threads = 2;
  options.log = &log;
  auto stats = build_index(options, testing::analyzer());
  return {std::move(stats), log.str()};
}

TEST_CASE("bad records are reported as file:line: field: problem and skipped") {
  TempDir dir;
  std::string bad_utf8 = "{\"id\":\"u\",\"type\":\"job\",\"title\":\"\xc3\x28\"}";
  std::string source =
      dir.write("in/docs.jsonl", std::string(kGoodJob) + "\n" + "{broken json\n" +
                                     R"({"type":"job","title":"no id"})"
                                     "\n" +
                                     R"({"id":"t","type":"job","title":7})"
                                     "\n" +
                                     bad_utf8 + "\n" + R"({"id":"big","type":"job","title":")" +
                                     std::string(600, 'x') + "\"}\n" + "\n" + kGoodCase + "\n");
  BuildRun run = run_build(dir.file("index"), {dir.file("in")});
  REQUIRE(run.stats.is_ok());
  CHECK(run.stats->indexed == 2);
  CHECK(run.stats->skipped == 5);
  CHECK(run.stats->records == 7);  // the blank line is not a record
  CHECK(run.log.find(source + ":2: json:") != std::string::npos);
  CHECK(run.log.find(source + ":3: id: missing") != std::string::npos);
  CHECK(run.log.find(source + ":4: title: expected a string") != std::string::npos);
  CHECK(run.log.find(source + ":5: title: invalid UTF-8") != std::string::npos);
  CHECK(run.log.find(source + ":6: title: too long") != std::string::npos);
}

TEST_CASE("strict mode fails on a bad record and publishes nothing") {
  TempDir dir;
  dir.write("ok.jsonl", std::string(kGoodJob) + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("ok.jsonl")}).stats.is_ok());
  auto before = IndexLayout(dir.file("index")).current();
  REQUIRE(before.is_ok());

  dir.write("bad.jsonl", std::string(kGoodCase) + "\n{oops\n");
  BuildRun run = run_build(dir.file("index"), {dir.file("bad.jsonl")}, /*strict=*/true);
  CHECK_FALSE(run.stats.is_ok());
  CHECK(run.log.find("bad.jsonl:2: json:") != std::string::npos);
  auto after = IndexLayout(dir.file("index")).current();
  REQUIRE(after.is_ok());
  CHECK(after.value() == before.value());
  CHECK(Xapian::Database(after.value()).get_doccount() == 1);
}

TEST_CASE("a repeated id keeps the later record and warns") {
  TempDir dir;
  dir.write("a.jsonl", std::string(kGoodJob) + "\n" +
                           R"({"id":"job-1","type":"job","title":"运维工程师"})" + "\n");
  BuildRun run = run_build(dir.file("index"), {dir.file("a.jsonl")});
  REQUIRE(run.stats.is_ok());
  CHECK(run.stats->duplicates == 1);
  CHECK(run.log.find("a.jsonl:2: id: duplicate of") != std::string::npos);
  Xapian::Database db(IndexLayout(dir.file("index")).current().value());
  CHECK(db.get_doccount() == 1);
  CHECK(db.get_termfreq("运维") == 1);
  CHECK(db.get_termfreq("c++") == 0);
}

TEST_CASE("a rebuild swaps generations atomically and keeps the previous one") {
  TempDir dir;
  dir.write("a.jsonl", std::string(kGoodJob) + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  std::string first = IndexLayout(dir.file("index")).current().value();
  Xapian::Database reader(first);  // a reader holding the old generation

  dir.write("b.jsonl", std::string(kGoodJob) + "\n" + kGoodCase + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("b.jsonl")}).stats.is_ok());
  std::string second = IndexLayout(dir.file("index")).current().value();
  CHECK(second != first);
  CHECK(Xapian::Database(second).get_doccount() == 2);
  CHECK(reader.get_doccount() == 1);  // the old generation is still readable
  CHECK(std::filesystem::is_directory(first));

  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  CHECK_FALSE(std::filesystem::exists(first));  // only live + previous are kept
  CHECK(std::filesystem::exists(second));
}

TEST_CASE("an orphan generation from a killed build never becomes live") {
  TempDir dir;
  dir.write("a.jsonl", std::string(kGoodJob) + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  IndexLayout layout(dir.file("index"));
  std::string live = layout.current().value();
  auto orphan = layout.create_generation();  // what a killed build leaves behind
  REQUIRE(orphan.is_ok());
  CHECK(layout.current().value() == live);
  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  CHECK_FALSE(std::filesystem::exists(orphan.value()));
}

TEST_CASE("only one indexer job at a time") {
  TempDir dir;
  auto held = WriterLock::acquire_job(dir.file("index"));
  REQUIRE(held.is_ok());
  dir.write("a.jsonl", std::string(kGoodJob) + "\n");
  BuildRun run = run_build(dir.file("index"), {dir.file("a.jsonl")});
  REQUIRE_FALSE(run.stats.is_ok());
  CHECK(run.stats.status().code() == StatusCode::kUnavailable);
  CHECK(run.stats.status().message().find("another chanjiao-index") != std::string::npos);
}

TEST_CASE("a missing source is an error naming it") {
  TempDir dir;
  BuildRun run = run_build(dir.file("index"), {dir.file("nope.jsonl")});
  REQUIRE_FALSE(run.stats.is_ok());
  CHECK(run.stats.status().message().find("nope.jsonl") != std::string::npos);
}

TEST_CASE("the index records analyzer and schema versions; a mismatch is reported") {
  TempDir dir;
  dir.write("a.jsonl", std::string(kGoodJob) + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  std::string warning;
  auto info = inspect_index(dir.file("index"), testing::analyzer(), &warning);
  REQUIRE(info.is_ok());
  CHECK(info->analyzer_version == analysis::Analyzer::kVersion);
  CHECK(info->doc_count == 1);
  CHECK(warning.empty());
  {
    Xapian::WritableDatabase db(info->path);
    db.set_metadata(schema::kMetaAnalyzerVersion, "0");
    db.commit();
  }
  auto stale = inspect_index(dir.file("index"), testing::analyzer(), nullptr);
  REQUIRE_FALSE(stale.is_ok());
  CHECK(stale.status().code() == StatusCode::kFailedPrecondition);
  CHECK(stale.status().message().find("rebuild") != std::string::npos);
}

TEST_CASE("an index built from other dictionaries fails check_dictionaries, naming both") {
  TempDir dir;
  dir.write("a.jsonl", std::string(kGoodJob) + "\n");
  REQUIRE(run_build(dir.file("index"), {dir.file("a.jsonl")}).stats.is_ok());
  auto info = inspect_index(dir.file("index"), testing::analyzer(), nullptr);
  REQUIRE(info.is_ok());
  CHECK(check_dictionaries(info.value(), testing::analyzer()).is_ok());
  {
    Xapian::WritableDatabase db(info->path);
    db.set_metadata(schema::kMetaAnalyzerFingerprint, "00000000feedbeef");
    db.commit();
  }
  std::string warning;
  auto other = inspect_index(dir.file("index"), testing::analyzer(), &warning);
  REQUIRE(other.is_ok());
  Status s = check_dictionaries(other.value(), testing::analyzer());
  CHECK(s.code() == StatusCode::kFailedPrecondition);
  CHECK(s.message().find("00000000feedbeef") != std::string::npos);
  CHECK(s.message().find(testing::analyzer().fingerprint()) != std::string::npos);
  CHECK(warning == s.message());
}

}  // namespace
}  // namespace chanjiao::index
