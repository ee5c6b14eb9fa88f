#include "store/document_store.h"

namespace chanjiao::store {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

constexpr std::string_view kName = "document store";

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
COMMIT;
)sql";

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
  if (!insert.step_done()) return Status::unavailable(std::string(kName) + ": " + insert.error());
  return Status::ok();
}

std::string owner_problem(const std::string& id) {
  return "id " + id + ": owned by another organisation";
}

}  // namespace

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

Result<std::unique_ptr<DocumentStore>> DocumentStore::open(const std::string& path) {
  auto db = sqlite::Database::open(path, kName, kPragmas, kSchema);
  if (!db.is_ok()) return db.status();
  if (Status s = ApiKeys::create_tables(*db.value()); !s.is_ok()) return s;
  return std::unique_ptr<DocumentStore>(new DocumentStore(std::move(db.value())));
}

DocumentStore::DocumentStore(std::unique_ptr<sqlite::Database> db)
    : db_(std::move(db)), keys_(*db_) {}

Result<uint64_t> DocumentStore::put(std::vector<Document> docs, const Caller& caller,
                                    const IndexedOwner& indexed_owner) {
  auto writer = db_->writer();
  sqlite3* db = writer.db();
  Transaction txn(db, "BEGIN IMMEDIATE", kName);
  if (!txn.begun().is_ok()) return txn.begun();
  Statement counter(db, "SELECT value FROM counters WHERE name = 'seq'");
  if (!counter.step_row()) return db_->error(counter);
  int64_t seq = counter.integer(0);
  const std::string now = sqlite::now_iso8601();
  for (size_t i = 0; i < docs.size(); ++i) {
    Document& doc = docs[i];
    const std::string where =
        docs.size() > 1 ? "documents[" + std::to_string(i) + "]: " : std::string();
    if (Status s = may_publish(caller, doc.type); !s.is_ok())
      return Status::permission_denied(where + s.message());
    Statement existing(db, "SELECT owner_org, content_hash, deleted FROM documents WHERE id = ?");
    existing.bind(1, doc.id);
    std::optional<std::string> owner;
    std::string old_hash;
    if (existing.step_row()) {
      owner = existing.text(0);
      old_hash = existing.integer(2) != 0 ? "" : existing.text(1);
    } else if (existing.failed()) {
      return db_->error(existing);
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
    Statement upsert(db,
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
    if (!upsert.step_done()) return db_->error(upsert);
    if (keeps_revisions(doc.type))
      if (Status s = add_revision(db, doc.id, seq, json, now); !s.is_ok()) return s;
  }
  Statement update(db, "UPDATE counters SET value = ? WHERE name = 'seq'");
  if (!update.bind(1, seq).step_done()) return db_->error(update);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return static_cast<uint64_t>(seq);
}

Result<uint64_t> DocumentStore::remove(const std::string& id, const Caller& caller,
                                       const IndexedOwner& indexed_owner) {
  auto writer = db_->writer();
  sqlite3* db = writer.db();
  Transaction txn(db, "BEGIN IMMEDIATE", kName);
  if (!txn.begun().is_ok()) return txn.begun();
  Statement existing(db, "SELECT owner_org, deleted FROM documents WHERE id = ?");
  existing.bind(1, id);
  std::optional<std::string> owner;
  if (existing.step_row()) {
    if (existing.integer(1) != 0) return Status::not_found("no document with id " + id);
    owner = existing.text(0);
  } else if (existing.failed()) {
    return db_->error(existing);
  } else if (indexed_owner) {
    owner = indexed_owner(id);
  }
  if (!owner) return Status::not_found("no document with id " + id);
  if (!caller.admin() && *owner != caller.org) return Status::permission_denied(owner_problem(id));
  Statement counter(db, "UPDATE counters SET value = value + 1 WHERE name = 'seq'");
  if (!counter.step_done()) return db_->error(counter);
  Statement read(db, "SELECT value FROM counters WHERE name = 'seq'");
  if (!read.step_row()) return db_->error(read);
  int64_t seq = read.integer(0);
  Statement tombstone(db,
                      "INSERT INTO documents (id, owner_org, restricted, deleted, json, "
                      "content_hash, seq, updated_at) VALUES (?, ?, 0, 1, '', '', ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET restricted = 0, deleted = 1, json = '', "
                      "content_hash = '', seq = excluded.seq, updated_at = excluded.updated_at");
  tombstone.bind(1, id).bind(2, *owner).bind(3, seq).bind(4, sqlite::now_iso8601());
  if (!tombstone.step_done()) return db_->error(tombstone);
  if (Status s = txn.commit(); !s.is_ok()) return s;
  return static_cast<uint64_t>(seq);
}

Result<std::optional<StoredDocument>> DocumentStore::get(const std::string& id) {
  auto reader = db_->reader();
  Statement q(reader.db(), std::string(kSelectRow) + "WHERE id = ?");
  q.bind(1, id);
  if (q.step_row()) return std::optional<StoredDocument>(read_row(q));
  if (q.failed()) return db_->error(q);
  return std::optional<StoredDocument>();
}

Result<std::vector<Revision>> DocumentStore::revisions(const std::string& id) {
  auto reader = db_->reader();
  Statement q(reader.db(),
              "SELECT revision, seq, json, updated_at FROM revisions WHERE id = ? "
              "ORDER BY revision");
  q.bind(1, id);
  std::vector<Revision> out;
  while (q.step_row()) out.push_back(read_revision(q));
  if (q.failed()) return db_->error(q);
  return out;
}

Result<std::optional<Revision>> DocumentStore::revision(const std::string& id, int64_t revision) {
  auto reader = db_->reader();
  Statement q(
      reader.db(),
      "SELECT revision, seq, json, updated_at FROM revisions WHERE id = ? AND revision = ?");
  q.bind(1, id).bind(2, revision);
  if (q.step_row()) return std::optional<Revision>(read_revision(q));
  if (q.failed()) return db_->error(q);
  return std::optional<Revision>();
}

Result<std::vector<StoredDocument>> DocumentStore::changes_after(uint64_t seq, size_t limit) {
  auto reader = db_->reader();
  Statement q(reader.db(), std::string(kSelectRow) + "WHERE seq > ? ORDER BY seq LIMIT ?");
  q.bind(1, static_cast<int64_t>(seq)).bind(2, static_cast<int64_t>(limit));
  std::vector<StoredDocument> out;
  while (q.step_row()) out.push_back(read_row(q));
  if (q.failed()) return db_->error(q);
  return out;
}

Result<uint64_t> DocumentStore::last_seq() {
  auto reader = db_->reader();
  Statement q(reader.db(), "SELECT value FROM counters WHERE name = 'seq'");
  if (!q.step_row()) return db_->error(q);
  return static_cast<uint64_t>(q.integer(0));
}

Status DocumentStore::for_each(const std::function<void(StoredDocument&&)>& visit,
                               uint64_t* snapshot_seq) {
  auto reader = db_->reader();
  Transaction txn(reader.db(), "BEGIN", kName);  // WAL: one snapshot for both reads
  if (!txn.begun().is_ok()) return txn.begun();
  Statement counter(reader.db(), "SELECT value FROM counters WHERE name = 'seq'");
  if (!counter.step_row()) return db_->error(counter);
  if (snapshot_seq != nullptr) *snapshot_seq = static_cast<uint64_t>(counter.integer(0));
  Statement q(reader.db(), std::string(kSelectRow) + "ORDER BY seq");
  while (q.step_row()) visit(read_row(q));
  if (q.failed()) return db_->error(q);
  return txn.commit();
}

}  // namespace chanjiao::store
