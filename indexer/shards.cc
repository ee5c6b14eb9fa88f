#include "indexer/shards.h"

namespace chanjiao::index {

Result<std::vector<std::string>> local_shards(const std::string& generation) {
  auto entries = shards::read_stub(generation);
  if (!entries.is_ok()) return entries.status();
  std::vector<std::string> paths;
  for (const shards::StubEntry& e : entries.value()) {
    if (e.remote)
      return Status::invalid_argument(generation + " names remote shard " + e.endpoint() +
                                      ": only local shards can be written");
    paths.push_back(e.path);
  }
  return paths;
}

ShardedWriter ShardedWriter::open(const std::string& generation) {
  auto paths = local_shards(generation);
  if (!paths.is_ok()) throw Xapian::DatabaseOpeningError(paths.status().message());
  ShardedWriter writer;
  for (const std::string& path : paths.value()) writer.shards_.emplace_back(path, Xapian::DB_OPEN);
  return writer;
}

void ShardedWriter::commit() {
  for (size_t i = shards_.size(); i-- > 1;) shards_[i].commit();
  shards_[0].commit();
}

}  // namespace chanjiao::index
