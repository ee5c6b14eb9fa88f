// Writing a sharded index generation (issue 16; the layout is core/shards.h).
//
// ShardedWriter opens every shard of a generation for writing (one shard:
// the generation itself) and routes each document by its id. Metadata
// lives where it is consistent with the documents it describes:
//  * the corpus manifest entry of an id (schema::kMetaCorpusPrefix) in the
//    id's shard, committed with the document;
//  * the applied store seq (schema::kMetaStoreSeq) and the build stamps in
//    shard 0 — what Xapian::Database(generation) returns for get_metadata.
// commit() commits the other shards first and shard 0 last: a crash in
// between leaves documents ahead of the seq (they are applied again, which
// is idempotent), never the seq ahead of documents it claims.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/shards.h"
#include "core/status.h"

namespace chanjiao::index {

class ShardedWriter {
 public:
  // Opens the shards of `generation` (Xapian::DatabaseLockError when another
  // writer holds one: callers take ROOT/.lock first).
  static ShardedWriter open(const std::string& generation);
  // Wraps one database (an unsharded generation, or a test's).
  explicit ShardedWriter(Xapian::WritableDatabase db) : shards_{std::move(db)} {}

  size_t size() const { return shards_.size(); }
  Xapian::WritableDatabase& shard(size_t i) { return shards_[i]; }
  Xapian::WritableDatabase& shard_for(std::string_view id) {
    return shards_[shards::shard_of(id, shards_.size())];
  }
  // Where the store seq and build metadata live.
  Xapian::WritableDatabase& meta() { return shards_[0]; }

  // Other shards first, shard 0 last (see the file comment).
  void commit();

 private:
  ShardedWriter() = default;
  std::vector<Xapian::WritableDatabase> shards_;
};

// The local shard databases of a generation: `generation` itself when it
// is not sharded. Remote entries are kInvalidArgument (a generation this
// machine writes has only local shards).
Result<std::vector<std::string>> local_shards(const std::string& generation);

}  // namespace chanjiao::index
