#include "core/shards.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/test_support.h"

namespace chanjiao::shards {

TEST_CASE("FNV-1a is the published 64-bit function (stable shard routing)") {
  // Test vectors of the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/).
  CHECK(fnv1a("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a("foobar") == 0x85944171f73967e8ull);
  CHECK(shard_of("job-0001", 1) == 0);
  CHECK(shard_of("job-0001", 3) == fnv1a("job-0001") % 3);
}

TEST_CASE("docids interleave across shards as Xapian numbers a combined database") {
  struct {
    Xapian::docid local;
    size_t shard, count;
    Xapian::docid global;
  } rows[] = {{1, 0, 3, 1}, {1, 1, 3, 2}, {1, 2, 3, 3}, {2, 0, 3, 4}, {5, 2, 3, 15}, {7, 0, 1, 7}};
  for (const auto& r : rows) {
    CHECK(global_docid(r.local, r.shard, r.count) == r.global);
    CHECK(shard_of_docid(r.global, r.count) == r.shard);
    CHECK(local_docid(r.global, r.count) == r.local);
  }
}

TEST_CASE("stub files: local shards relative to the stub, remote HOST:PORT, errors by line") {
  testing::TempDir dir;
  const std::string gen = dir.file("gen");
  std::filesystem::create_directories(gen);
  REQUIRE(write_local_stub(gen, 3).is_ok());
  CHECK(is_sharded(gen));
  auto local = read_stub(gen);
  REQUIRE(local.is_ok());
  REQUIRE(local->size() == 3);
  CHECK_FALSE(local->at(2).remote);
  CHECK(local->at(2).path == (std::filesystem::path(gen) / "shard-2").string());

  const std::string remote = dir.file("remote.stub");
  std::ofstream(remote) << "# front end\nremote 10.0.0.7:7001\n\nremote shard-b.internal:7002\n";
  auto entries = read_stub(remote);
  REQUIRE(entries.is_ok());
  REQUIRE(entries->size() == 2);
  CHECK(entries->at(0).remote);
  CHECK(entries->at(0).endpoint() == "10.0.0.7:7001");
  CHECK(entries->at(1).host == "shard-b.internal");

  const char* bad[] = {"remote nohost\n", "remote TCP 10.0.0.7:7001\n", "inmemory\n", ""};
  for (const char* text : bad) {
    std::ofstream(remote) << text;
    CHECK_FALSE(read_stub(remote).is_ok());
  }
  // A plain database directory is one local shard.
  const std::string plain = dir.file("plain");
  std::filesystem::create_directories(plain);
  auto one = read_stub(plain);
  REQUIRE(one.is_ok());
  CHECK(one->size() == 1);
  CHECK_FALSE(is_sharded(plain));
}

}  // namespace chanjiao::shards
