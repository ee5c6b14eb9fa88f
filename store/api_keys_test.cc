#include "store/api_keys.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "store/document_store.h"
#include "tests/test_support.h"

namespace chanjiao::store {
namespace {

using testing::TempDir;

std::unique_ptr<DocumentStore> open_store(const TempDir& dir) {
  auto store = DocumentStore::open(dir.file("store.db"));
  REQUIRE(store.is_ok());
  return std::move(store.value());
}

TEST_CASE("API keys: stored hashed, authenticate to their org and role, revocable") {
  TempDir dir;
  auto store = open_store(dir);
  auto key = store->keys().create("csgov", Role::kGov);
  REQUIRE(key.is_ok());
  CHECK(key->rfind("cj_", 0) == 0);
  CHECK(key->size() == 46);
  CHECK(store->keys().create("bad org!", Role::kGov).status().code() ==
        StatusCode::kInvalidArgument);
  auto caller = store->keys().authenticate(key.value());
  REQUIRE(caller.is_ok());
  CHECK(caller->org == "csgov");
  CHECK(caller->role == Role::kGov);
  CHECK(store->keys().authenticate(key.value() + "x").status().code() ==
        StatusCode::kUnauthenticated);
  auto keys = store->keys().list().value();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].key_id == key->substr(0, 12));
  // Only the hash is on disk: the key text appears nowhere in the file.
  std::ifstream file(dir.file("store.db"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::ifstream wal(dir.file("store.db-wal"), std::ios::binary);
  bytes.append((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  CHECK(bytes.find(key.value()) == std::string::npos);
  CHECK(bytes.find(sha256_hex(key.value())) != std::string::npos);

  REQUIRE(store->keys().revoke(keys[0].key_id).is_ok());
  CHECK(store->keys().authenticate(key.value()).status().code() == StatusCode::kUnauthenticated);
  CHECK(store->keys().revoke(keys[0].key_id).code() == StatusCode::kNotFound);
  CHECK(store->keys().list().value()[0].revoked != "");
}

TEST_CASE("sha256_hex matches the FIPS 180-2 test vector") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("roles round-trip through their names; unknown names are not roles") {
  for (Role r : {Role::kGov, Role::kEnterprise, Role::kSchool, Role::kAdmin})
    CHECK(parse_role(role_name(r)) == r);
  CHECK_FALSE(parse_role("root"));
  CHECK_FALSE(parse_role("Gov"));
}

}  // namespace
}  // namespace chanjiao::store
