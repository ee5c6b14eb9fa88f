#include "store/document_store.h"

#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/random.h>

#include <cerrno>
#include <ctime>

namespace chanjiao::store {
namespace {

// synchronous is a per-connection setting: run on every connection.
constexpr const char* kPragmas = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
)sql";

constexpr const char* kSchema = R"sql(
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS documents (
  id           TEXT PRIMARY KEY,
  owner_org    TEXT NOT NULL,
  restricted   INTEGER NOT NULL,
  deleted      INTEGER NOT NULL,          -- 1: a tombstone (json is empty)
  json         TEXT NOT NULL,             -- canonical JSON (to_json)
  content_hash TEXT NOT NULL,             -- SHA-256 of json
  seq          INTEGER NOT NULL UNIQUE,   -- the latest change of this document
  updated_at   TEXT NOT NULL
);
-- Every version of the documents whose history is kept (keeps_revisions).
CREATE TABLE IF NOT EXISTS revisions (
  id         TEXT NOT NULL,
  revision   INTEGER NOT NULL,           -- 1, 2, ... per id
  seq        INTEGER NOT NULL,           -- the change that wrote it
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (id, revision)
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters VALUES ('seq', 0);
CREATE TABLE IF NOT EXISTS orgs (name TEXT PRIMARY KEY, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY,              -- SHA-256 of the key; the key itself is never stored
  key_id   TEXT NOT NULL UNIQUE,          -- its first 12 characters, to name it
  org      TEXT NOT NULL REFERENCES orgs (name),
  role     TEXT NOT NULL,
  created  TEXT NOT NULL,
  revoked  TEXT
);
COMMIT;
)sql";

constexpr size_t kKeyIdChars = 12;

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A prepared statement with typed binding and reading.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return stmt_ == nullptr ? SQLITE_ERROR : sqlite3_step(stmt_); }
  std::string text(int col) const {
    const unsigned char* s = sqlite3_column_text(stmt_, col);
    return s == nullptr ? ""
                        : std::string(reinterpret_cast<const char*>(s),
                                      static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

Status exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return Status::ok();
  std::string message = error ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  return Status::unavailable("document store: " + message);
}

// Rolls back unless committed: every early return leaves no transaction open.
class Transaction {
 public:
  Transaction(sqlite3* db, const char* begin) : db_(db) { status_ = exec(db, begin); }
  ~Transaction() {
    if (open_) exec(db_, "ROLLBACK");
  }
  const Status& begun() {
    open_ = status_.is_ok();
    return status_;
  }
  Status commit() {
    open_ = false;
    return exec(db_, "COMMIT");
  }

 private:
  sqlite3* db_;
  Status status_;
  bool open_ = false;
};

Result<sqlite3*> open_connection(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::unavailable("document store " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  if (Status s = exec(db, kPragmas); !s.is_ok()) {
    sqlite3_close(db);
    return s;
  }
  return db;
}

Status sql_error(const Statement& stmt) {
  return Status::unavailable("document store: " + stmt.error());
}

StoredDocument read_row(const Statement& q) {
  StoredDocument d;
  d.id = q.text(0);
  d.owner_org = q.text(1);
  d.restricted = q.integer(2) != 0;
  d.deleted = q.integer(3) != 0;
  d.json = q.text(4);
  d.seq = static_cast<uint64_t>(q.integer(5));
  d.updated_at = q.text(6);
  return d;
}

constexpr const char* kSelectRow =
    "SELECT id, owner_org, restricted, deleted, json, seq, updated_at FROM documents ";

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

Revision read_revision(const Statement& q) {
  Revision r;
  r.revision = q.integer(0);
  r.seq = static_cast<uint64_t>(q.integer(1));
  r.json = q.text(2);
  r.updated_at = q.text(3);
  return r;
}

// Appends `json` as the next revision of `id` (inside the caller's transaction).
Status add_revision(sqlite3* db, const std::string& id, int64_t seq, const std::string& json,
                    const std::string& now) {
  Statement insert(db,
                   "INSERT INTO revisions (id, revision, seq, json, updated_at) "
                   "SELECT ?1, COALESCE(MAX(revision), 0) + 1, ?2, ?3, ?4 FROM revisions "
                   "WHERE id = ?1");
  insert.bind(1, id).bind(2, seq).bind(3, json).bind(4, now);
  if (insert.step() != SQLITE_DONE) return sql_error(insert);
  return Status::ok();
}

std::string owner_problem(const std::string& id) {
  return "id " + id + ": owned by another organisation";
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

bool keeps_revisions(DocType type) {
  return type == DocType::kSeries || type == DocType::kEmploymentReport;
}

Status may_publish(const Caller& caller, DocType type) {
  if (caller.admin()) return Status::ok();
  if (type == DocType::kSeries && caller.role != Role::kGov)
    return Status::permission_denied("type: series are published with a gov or admin key, not " +
                                     std::string(role_name(caller.role)));
  if (type == DocType::kEmploymentReport && caller.role != Role::kSchool)
    return Status::permission_denied(
        "type: employment reports are published with a school or admin key, not " +
        std::string(role_name(caller.role)));
  return Status::ok();
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

Result<std::unique_ptr<DocumentStore>> DocumentStore::open(const std::string& path) {
  auto writer = open_connection(path);
  if (!writer.is_ok()) return writer.status();
  if (Status s = exec(writer.value(), kSchema); !s.is_ok()) {
    sqlite3_close(writer.value());
    return s;
  }
  auto reader = open_connection(path);
  if (!reader.is_ok()) {
    sqlite3_close(writer.value());
    return reader.status();
  }
  return std::unique_ptr<DocumentStore>(new DocumentStore(path, writer.value(), reader.value()));
}

DocumentStore::DocumentStore(std::string path, sqlite3* writer, sqlite3* reader)
    : path_(std::move(path)), writer_(writer), reader_(reader) {}

DocumentStore::~DocumentStore() {
  sqlite3_close(reader_);
  sqlite3_close(writer_);
}

Result<uint64_t> DocumentStore::put(std::vector<Document> docs, const Caller& caller,
                                    const IndexedOwner& indexed_owner) {
  std::lock_guard lock(write_mutex_);
  Transaction txn(writer_, "BEGIN IMMEDIATE");
  if (Status s = txn.begun(); !s.is_ok()) return s;
  Statement counter(writer_, "SELECT value FROM counters WHERE name = 'seq'");
  if (counter.step() != SQLITE_ROW) return sql_error(counter);
  int64_t seq = counter.integer(0);
  const std::string now = now_iso8601();
  for (size_t i = 0; i < docs.size(); ++i) {
    Document& doc = docs[i];
    const std::string where =
        docs.size() > 1 ? "documents[" + std::to_string(i) + "]: " : std::string();
    if (Status s = may_publish(caller, doc.type); !s.is_ok())
      return Status::permission_denied(where + s.message());
    Statement existing(writer_,
                       "SELECT owner_org, content_hash, deleted FROM documents WHERE id = ?");
    existing.bind(1, doc.id);
    std::optional<std::string> owner;
    std::string old_hash;
    int rc = existing.step();
    if (rc == SQLITE_ROW) {
      owner = existing.text(0);
      old_hash = existing.integer(2) != 0 ? "" : existing.text(1);
    } else if (rc != SQLITE_DONE) {
      return sql_error(existing);
    } else if (indexed_owner) {
      owner = indexed_owner(doc.id);
    }
    if (!caller.admin()) {
      if (!doc.owner_org.empty() && doc.owner_org != caller.org)
        return Status::permission_denied(where + "owner_org: a key of " + caller.org +
                                         " may only publish documents of " + caller.org);
      if (owner && *owner != caller.org)
        return Status::permission_denied(where + owner_problem(doc.id));
      doc.owner_org = caller.org;
    } else if (doc.owner_org.empty()) {
      doc.owner_org = owner && !owner->empty() ? *owner : caller.org;
    }
    std::string json = to_json(doc);
    std::string hash = sha256_hex(json);
    if (hash == old_hash) continue;  // republished unchanged: nothing to reindex
    Statement upsert(writer_,
                     "INSERT INTO documents (id, owner_org, restricted, deleted, json, "
                     "content_hash, seq, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?) "
                     "ON CONFLICT (id) DO UPDATE SET owner_org = excluded.owner_org, "
                     "restricted = excluded.restricted, deleted = 0, json = excluded.json, "
                     "content_hash = excluded.content_hash, seq = excluded.seq, "
                     "updated_at = excluded.updated_at");
    upsert.bind(1, doc.id)
        .bind(2, doc.owner_org)
        .bind(3, int64_t{doc.restricted})
        .bind(4, json)
        .bind(5, hash)
        .bind(6, ++seq)
        .bind(7, now);
    if (upsert.step() != SQLITE_DONE) return sql_error(upsert);
    if (keeps_revisions(doc.type))
      if (Status s = add_revision(writer_, doc.id, seq, json, now); !s.is_ok()) return s;
  }
  Statement update(writer_, "UPDATE counters SET value = ? WHERE name = 'seq'");
  if (update.bind(1, seq).step() != SQLITE_DONE) return sql_error(update);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return static_cast<uint64_t>(seq);
}

Result<uint64_t> DocumentStore::remove(const std::string& id, const Caller& caller,
                                       const IndexedOwner& indexed_owner) {
  std::lock_guard lock(write_mutex_);
  Transaction txn(writer_, "BEGIN IMMEDIATE");
  if (Status s = txn.begun(); !s.is_ok()) return s;
  Statement existing(writer_, "SELECT owner_org, deleted FROM documents WHERE id = ?");
  existing.bind(1, id);
  std::optional<std::string> owner;
  int rc = existing.step();
  if (rc == SQLITE_ROW) {
    if (existing.integer(1) != 0) return Status::not_found("no document with id " + id);
    owner = existing.text(0);
  } else if (rc != SQLITE_DONE) {
    return sql_error(existing);
  } else if (indexed_owner) {
    owner = indexed_owner(id);
  }
  if (!owner) return Status::not_found("no document with id " + id);
  if (!caller.admin() && *owner != caller.org) return Status::permission_denied(owner_problem(id));
  Statement counter(writer_, "UPDATE counters SET value = value + 1 WHERE name = 'seq'");
  if (counter.step() != SQLITE_DONE) return sql_error(counter);
  Statement read(writer_, "SELECT value FROM counters WHERE name = 'seq'");
  if (read.step() != SQLITE_ROW) return sql_error(read);
  int64_t seq = read.integer(0);
  Statement tombstone(writer_,
                      "INSERT INTO documents (id, owner_org, restricted, deleted, json, "
                      "content_hash, seq, updated_at) VALUES (?, ?, 0, 1, '', '', ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET restricted = 0, deleted = 1, json = '', "
                      "content_hash = '', seq = excluded.seq, updated_at = excluded.updated_at");
  tombstone.bind(1, id).bind(2, *owner).bind(3, seq).bind(4, now_iso8601());
  if (tombstone.step() != SQLITE_DONE) return sql_error(tombstone);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return static_cast<uint64_t>(seq);
}

Result<std::optional<StoredDocument>> DocumentStore::get(const std::string& id) {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_, (std::string(kSelectRow) + "WHERE id = ?").c_str());
  q.bind(1, id);
  int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<StoredDocument>();
  if (rc != SQLITE_ROW) return sql_error(q);
  return std::optional<StoredDocument>(read_row(q));
}

Result<std::vector<Revision>> DocumentStore::revisions(const std::string& id) {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_,
              "SELECT revision, seq, json, updated_at FROM revisions WHERE id = ? "
              "ORDER BY revision");
  q.bind(1, id);
  std::vector<Revision> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_revision(q));
  if (rc != SQLITE_DONE) return sql_error(q);
  return out;
}

Result<std::optional<Revision>> DocumentStore::revision(const std::string& id, int64_t revision) {
  std::lock_guard lock(read_mutex_);
  Statement q(
      reader_,
      "SELECT revision, seq, json, updated_at FROM revisions WHERE id = ? AND revision = ?");
  q.bind(1, id).bind(2, revision);
  int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<Revision>();
  if (rc != SQLITE_ROW) return sql_error(q);
  return std::optional<Revision>(read_revision(q));
}

Result<std::vector<StoredDocument>> DocumentStore::changes_after(uint64_t seq, size_t limit) {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_, (std::string(kSelectRow) + "WHERE seq > ? ORDER BY seq LIMIT ?").c_str());
  q.bind(1, static_cast<int64_t>(seq)).bind(2, static_cast<int64_t>(limit));
  std::vector<StoredDocument> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_row(q));
  if (rc != SQLITE_DONE) return sql_error(q);
  return out;
}

Result<uint64_t> DocumentStore::last_seq() {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_, "SELECT value FROM counters WHERE name = 'seq'");
  if (q.step() != SQLITE_ROW) return sql_error(q);
  return static_cast<uint64_t>(q.integer(0));
}

Status DocumentStore::for_each(const std::function<void(StoredDocument&&)>& visit,
                               uint64_t* snapshot_seq) {
  std::lock_guard lock(read_mutex_);
  Transaction txn(reader_, "BEGIN");  // WAL: one snapshot for both reads
  if (Status s = txn.begun(); !s.is_ok()) return s;
  Statement counter(reader_, "SELECT value FROM counters WHERE name = 'seq'");
  if (counter.step() != SQLITE_ROW) return sql_error(counter);
  if (snapshot_seq != nullptr) *snapshot_seq = static_cast<uint64_t>(counter.integer(0));
  Statement q(reader_, (std::string(kSelectRow) + "ORDER BY seq").c_str());
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) visit(read_row(q));
  if (rc != SQLITE_DONE) return sql_error(q);
  return txn.commit();
}

Result<std::string> DocumentStore::create_key(const std::string& org, Role role) {
  if (!valid_id(org))
    return Status::invalid_argument("org: must be 1-128 characters of A-Z a-z 0-9 . _ : -");
  unsigned char random[32];
  if (Status s = fill_random(random, sizeof random); !s.is_ok()) return s;
  std::string key = "cj_" + base64url(random, sizeof random);
  const std::string now = now_iso8601();
  std::lock_guard lock(write_mutex_);
  Transaction txn(writer_, "BEGIN IMMEDIATE");
  if (Status s = txn.begun(); !s.is_ok()) return s;
  Statement add_org(writer_, "INSERT OR IGNORE INTO orgs (name, created) VALUES (?, ?)");
  if (add_org.bind(1, org).bind(2, now).step() != SQLITE_DONE) return sql_error(add_org);
  Statement add_key(writer_,
                    "INSERT INTO api_keys (key_hash, key_id, org, role, created) "
                    "VALUES (?, ?, ?, ?, ?)");
  add_key.bind(1, sha256_hex(key))
      .bind(2, key.substr(0, kKeyIdChars))
      .bind(3, org)
      .bind(4, role_name(role))
      .bind(5, now);
  if (add_key.step() != SQLITE_DONE) return sql_error(add_key);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return key;
}

Result<std::vector<ApiKeyInfo>> DocumentStore::list_keys() {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_,
              "SELECT key_id, org, role, created, revoked FROM api_keys ORDER BY org, created");
  std::vector<ApiKeyInfo> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    ApiKeyInfo k;
    k.key_id = q.text(0);
    k.org = q.text(1);
    k.role = parse_role(q.text(2)).value_or(Role::kGov);
    k.created = q.text(3);
    k.revoked = q.is_null(4) ? "" : q.text(4);
    out.push_back(std::move(k));
  }
  if (rc != SQLITE_DONE) return sql_error(q);
  return out;
}

Status DocumentStore::revoke_key(const std::string& key_or_id) {
  std::lock_guard lock(write_mutex_);
  Statement q(writer_,
              "UPDATE api_keys SET revoked = ? WHERE (key_id = ? OR key_hash = ?) "
              "AND revoked IS NULL");
  q.bind(1, now_iso8601()).bind(2, key_or_id).bind(3, sha256_hex(key_or_id));
  if (q.step() != SQLITE_DONE) return sql_error(q);
  if (sqlite3_changes(writer_) == 0)
    return Status::not_found("no active key " + key_or_id.substr(0, kKeyIdChars));
  return Status::ok();
}

Result<Caller> DocumentStore::authenticate(std::string_view key) {
  std::lock_guard lock(read_mutex_);
  Statement q(reader_, "SELECT org, role, revoked FROM api_keys WHERE key_hash = ?");
  q.bind(1, sha256_hex(key));
  int rc = q.step();
  if (rc == SQLITE_DONE || (rc == SQLITE_ROW && !q.is_null(2)))
    return Status::unauthenticated("invalid or revoked API key");
  if (rc != SQLITE_ROW) return sql_error(q);
  auto role = parse_role(q.text(1));
  if (!role) return Status::unauthenticated("invalid or revoked API key");
  return Caller{q.text(0), *role};
}

}  // namespace chanjiao::store
