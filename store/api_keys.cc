#include "store/api_keys.h"

#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>

#include "core/document.h"

namespace chanjiao::store {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS orgs (name TEXT PRIMARY KEY, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY,              -- SHA-256 of the key; the key itself is never stored
  key_id   TEXT NOT NULL UNIQUE,          -- its first 12 characters, to name it
  org      TEXT NOT NULL REFERENCES orgs (name),
  role     TEXT NOT NULL,
  created  TEXT NOT NULL,
  revoked  TEXT
);
)sql";

constexpr size_t kKeyIdChars = 12;

std::string base64url(const unsigned char* data, size_t size) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

Status fill_random(unsigned char* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::getrandom(out + done, size - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::internal("getrandom failed");
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok();
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kGov:
      return "gov";
    case Role::kEnterprise:
      return "enterprise";
    case Role::kSchool:
      return "school";
    case Role::kAdmin:
      return "admin";
  }
  return "gov";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::kGov, Role::kEnterprise, Role::kSchool, Role::kAdmin})
    if (role_name(r) == name) return r;
  return std::nullopt;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

Status ApiKeys::create_tables(sqlite::Database& db) {
  auto writer = db.writer();
  return sqlite::exec(writer.db(), kSchema, db.name());
}

Result<std::string> ApiKeys::create(const std::string& org, Role role) {
  if (!valid_id(org))
    return Status::invalid_argument("org: must be 1-128 characters of A-Z a-z 0-9 . _ : -");
  unsigned char random[32];
  if (Status s = fill_random(random, sizeof random); !s.is_ok()) return s;
  std::string key = "cj_" + base64url(random, sizeof random);
  const std::string now = sqlite::now_iso8601();
  auto writer = db_.writer();
  sqlite::Transaction txn(writer.db(), "BEGIN IMMEDIATE", db_.name());
  if (!txn.begun().is_ok()) return txn.begun();
  sqlite::Statement add_org(writer.db(),
                            "INSERT OR IGNORE INTO orgs (name, created) VALUES (?, ?)");
  if (!add_org.bind(1, org).bind(2, now).step_done()) return db_.error(add_org);
  sqlite::Statement add_key(writer.db(),
                            "INSERT INTO api_keys (key_hash, key_id, org, role, created) "
                            "VALUES (?, ?, ?, ?, ?)");
  add_key.bind(1, sha256_hex(key))
      .bind(2, key.substr(0, kKeyIdChars))
      .bind(3, org)
      .bind(4, role_name(role))
      .bind(5, now);
  if (!add_key.step_done()) return db_.error(add_key);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return key;
}

Result<std::vector<ApiKeyInfo>> ApiKeys::list() {
  auto reader = db_.reader();
  sqlite::Statement q(reader.db(),
                      "SELECT key_id, org, role, created, revoked FROM api_keys "
                      "ORDER BY org, created");
  std::vector<ApiKeyInfo> out;
  while (q.step_row()) {
    ApiKeyInfo k;
    k.key_id = q.text(0);
    k.org = q.text(1);
    k.role = parse_role(q.text(2)).value_or(Role::kGov);
    k.created = q.text(3);
    k.revoked = q.is_null(4) ? "" : q.text(4);
    out.push_back(std::move(k));
  }
  if (q.failed()) return db_.error(q);
  return out;
}

Status ApiKeys::revoke(const std::string& key_or_id) {
  auto writer = db_.writer();
  sqlite::Statement q(writer.db(),
                      "UPDATE api_keys SET revoked = ? WHERE (key_id = ? OR key_hash = ?) "
                      "AND revoked IS NULL");
  q.bind(1, sqlite::now_iso8601()).bind(2, key_or_id).bind(3, sha256_hex(key_or_id));
  if (!q.step_done()) return db_.error(q);
  if (sqlite::changes(writer.db()) == 0)
    return Status::not_found("no active key " + key_or_id.substr(0, kKeyIdChars));
  return Status::ok();
}

Result<Caller> ApiKeys::authenticate(std::string_view key) {
  auto reader = db_.reader();
  sqlite::Statement q(reader.db(), "SELECT org, role, revoked FROM api_keys WHERE key_hash = ?");
  q.bind(1, sha256_hex(key));
  bool found = q.step_row();
  if (q.failed()) return db_.error(q);
  auto role = found && q.is_null(2) ? parse_role(q.text(1)) : std::nullopt;
  if (!role) return Status::unauthenticated("invalid or revoked API key");
  return Caller{q.text(0), *role};
}

}  // namespace chanjiao::store
