// Publishing (issue 6): POST /api/v1/documents (one document or a JSON array),
// PUT /api/v1/documents/{id}, DELETE /api/v1/documents/{id}. An API key is
// required (401 without a valid one; 403 for another organisation's
// document). Documents are validated like the indexer's records (400 naming
// the field, and for a batch the position and id); a batch is written in one
// transaction or not at all. The response is sent once the store has the
// write on disk; the live updater makes it searchable within ~0.5 s. Each key
// may write `config.publish_rate` documents a second (bursts of 100 seconds'
// worth); over that budget a write is refused with 429 and `Retry-After`
// (server/rate_limiter.h, SECURITY.md).
#pragma once

#include <httplib.h>

#include "indexer/live_updater.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/document_store.h"

namespace chanjiao::server {

struct PublishLimits {
  static constexpr size_t kMaxBatch = 1000;  // documents per POST
  // A key's bucket holds this many seconds of its publish_rate.
  static constexpr double kBurstSeconds = 100;
};

void install_publish_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                            store::DocumentStore& store, const Auth& auth,
                            index::LiveUpdater& updater);

// The canonical JSON of document `id` as `viewer` may see it: the store's row
// first (a publisher reads its own write at once; a tombstone hides an indexed
// record of the same id), then the index. kNotFound for an unknown, deleted or
// hidden id. `store` may be null. May throw Xapian::DatabaseModifiedError: call
// it inside retry_on_modified. What GET /api/v1/documents/{id} and
// GET /api/v1/series/{id} read.
Result<std::string> find_document(SearcherPool& pool, store::DocumentStore* store,
                                  const search::Viewer& viewer, const std::string& id);

// GET /api/v1/documents/{id} with `store` (may be null): the store's row
// first (so a publisher reads its own write at once), then the index.
void install_document_route(Router& http, SearcherPool& pool, const ServerConfig& config,
                            store::DocumentStore* store, const Auth& auth);

}  // namespace chanjiao::server
