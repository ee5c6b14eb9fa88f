// DocumentStore: the system of record for published documents, and the
// organisations' API keys (store/api_keys.h). The Xapian index is derived from it (and from
// corpus files) and can always be rebuilt from the two.
//
// One SQLite file (default INDEXROOT/store.db) in WAL mode with
// synchronous=FULL: a write acknowledged to a client has been fsynced to the
// WAL, so it survives `kill -9` and a power cut (NORMAL would survive only the
// former). Each put/delete batch is one transaction.
//
// Changes: every put or delete gives the document a new `seq` from a
// counter that only grows. The documents table itself is the change log,
// compacted by id: a row holds the latest state of its document (deleted rows
// stay as tombstones, which also hide a corpus record of the same id), so
// "apply everything after seq S" reads the rows with seq > S. An index stores
// the last seq it applied (schema::kMetaStoreSeq).
//
// Thread-safe: writes are serialised on one connection, reads use another;
// several processes (server, chanjiao-admin, chanjiao-index) may open the
// same file (SQLite locking, 5 s busy timeout).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"
#include "store/api_keys.h"
#include "store/sqlite.h"

namespace chanjiao::store {

// One row of the documents table.
struct StoredDocument {
  std::string id;
  std::string owner_org;
  bool restricted = false;
  bool deleted = false;  // a tombstone; `json` is empty
  std::string json;      // canonical JSON (to_json), owner_org included
  uint64_t seq = 0;
  std::string updated_at;  // ISO 8601 UTC
};

// One published version of a document whose history is kept (statistical
// series and employment reports: a revised figure must not erase the one
// first published). Revisions count from 1 per id.
struct Revision {
  int64_t revision = 0;
  uint64_t seq = 0;
  std::string json;  // canonical JSON of that version
  std::string updated_at;
};

// Whether the store keeps every version of documents of `type`.
bool keeps_revisions(DocType type);

// The role rule of publishing: statistical series come from government
// (gov) keys, employment reports from schools (school keys), both also from
// admins; other types from any role. kPermissionDenied names the type.
Status may_publish(const Caller& caller, DocType type);

// Who owns an indexed document the store does not hold (a corpus record):
// nullopt when no such document is indexed, else its owner (may be empty).
using IndexedOwner = std::function<std::optional<std::string>(const std::string& id)>;

class DocumentStore {
 public:
  // Opens (creating) the store at `path`.
  static Result<std::unique_ptr<DocumentStore>> open(const std::string& path);
  DocumentStore(const DocumentStore&) = delete;
  DocumentStore& operator=(const DocumentStore&) = delete;

  const std::string& path() const { return db_->path(); }

  // --- Writes: all or nothing, one transaction each ---------------------

  // Stores `docs` (already validated) as `caller`. A document without
  // owner_org gets the caller's (admin: the existing owner's, if any). A
  // non-admin may only write documents of its own organisation: a document
  // naming another owner, or replacing one another organisation owns (in
  // the store or, via `indexed_owner`, in the index), is kPermissionDenied
  // and nothing of the batch is written; so is a type the caller's role may
  // not publish (may_publish). Documents of a type with history
  // (keeps_revisions) also get a row in the revisions table per change.
  // Returns the seq of the last change.
  Result<uint64_t> put(std::vector<Document> docs, const Caller& caller,
                       const IndexedOwner& indexed_owner = nullptr);

  // Deletes `id` (a tombstone). kNotFound when neither the store nor the
  // index (`indexed_owner`) has it; kPermissionDenied for another
  // organisation's document. Returns the change's seq.
  Result<uint64_t> remove(const std::string& id, const Caller& caller,
                          const IndexedOwner& indexed_owner = nullptr);

  // --- Reads ---------------------------------------------------------------

  // The row for `id` (tombstones included); nullopt when there is none.
  Result<std::optional<StoredDocument>> get(const std::string& id);
  // Rows changed after `seq`, oldest change first, at most `limit`.
  Result<std::vector<StoredDocument>> changes_after(uint64_t seq, size_t limit);
  // The seq of the latest change (0 for an empty store).
  Result<uint64_t> last_seq();
  // Every kept version of `id`, oldest first (empty when none).
  Result<std::vector<Revision>> revisions(const std::string& id);
  // Version `revision` of `id`; nullopt when there is no such version.
  Result<std::optional<Revision>> revision(const std::string& id, int64_t revision);
  // Every row in one consistent snapshot; `snapshot_seq` receives the last
  // seq of that snapshot (a rebuild replays what comes after it).
  Status for_each(const std::function<void(StoredDocument&&)>& visit, uint64_t* snapshot_seq);

  // The API keys kept in the same file.
  ApiKeys& keys() { return keys_; }

 private:
  explicit DocumentStore(std::unique_ptr<sqlite::Database> db);

  std::unique_ptr<sqlite::Database> db_;
  ApiKeys keys_;
};

}  // namespace chanjiao::store
