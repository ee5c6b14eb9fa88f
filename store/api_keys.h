// API keys: who may publish, as which organisation and role.
//
// A key is `cj_` + 43 base64url characters (256 random bits from getrandom).
// Only its SHA-256 is stored; a fast unsalted hash is enough because the keys
// are random, not chosen by people (no dictionary to try). Keys live in the
// document store's file (tables orgs and api_keys), so one backup holds the
// documents and who owns them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sqlite.h"

namespace chanjiao::store {

enum class Role { kGov, kEnterprise, kSchool, kAdmin };
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// Who is calling, as an API key says.
struct Caller {
  std::string org;
  Role role = Role::kGov;
  bool admin() const { return role == Role::kAdmin; }
};

struct ApiKeyInfo {
  std::string key_id;  // first 12 characters of the key: enough to name it, useless to use it
  std::string org;
  Role role = Role::kGov;
  std::string created;  // ISO 8601 UTC
  std::string revoked;  // empty while valid
};

// The keys of one database; thread-safe (the database's connection locks).
class ApiKeys {
 public:
  explicit ApiKeys(sqlite::Database& db) : db_(db) {}

  // Creates the tables if missing (on the writer, inside the schema setup).
  static Status create_tables(sqlite::Database& db);

  // Creates a key for `org` (which must be a valid id) and returns it; this is
  // the only time the key exists in clear.
  Result<std::string> create(const std::string& org, Role role);
  Result<std::vector<ApiKeyInfo>> list();
  // Revokes the key named by its key_id (or the whole key); kNotFound if none.
  Status revoke(const std::string& key_or_id);
  // The caller a key stands for; kUnauthenticated for unknown or revoked keys.
  Result<Caller> authenticate(std::string_view key);

 private:
  sqlite::Database& db_;
};

// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string sha256_hex(std::string_view data);

}  // namespace chanjiao::store
