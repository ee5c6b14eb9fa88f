#include "search/sharding.h"

#include <future>

namespace chanjiao::search {
namespace {

Xapian::Database open_remote(const shards::StubEntry& entry, double timeout) {
  const auto ms = static_cast<unsigned>(timeout * 1000);
  try {
    return Xapian::Remote::open(entry.host, entry.port, ms, ms);
  } catch (const Xapian::NetworkError& e) {
    throw Xapian::NetworkError("remote shard " + entry.endpoint() + " is unreachable",
                               e.get_description());
  }
}

}  // namespace

OpenedIndex open_index(const std::string& path, double remote_timeout) {
  auto entries = shards::read_stub(path);
  if (!entries.is_ok()) throw Xapian::DatabaseOpeningError(entries.status().message());
  OpenedIndex index;
  if (entries->size() == 1 && !entries->front().remote) {
    index.db = Xapian::Database(entries->front().path);
    index.shards.databases.push_back(index.db);
    return index;
  }
  for (const shards::StubEntry& entry : entries.value()) {
    Xapian::Database shard =
        entry.remote ? open_remote(entry, remote_timeout) : Xapian::Database(entry.path);
    if (entry.remote) index.shards.remote.push_back(entry.endpoint());
    index.db.add_database(shard);
    index.shards.databases.push_back(std::move(shard));
  }
  return index;
}

std::vector<std::string> unreachable_shards(const std::string& path, double timeout) {
  auto entries = shards::read_stub(path);
  std::vector<std::string> down;
  if (!entries.is_ok()) return down;
  std::vector<std::pair<std::string, std::future<bool>>> probes;
  for (const shards::StubEntry& entry : entries.value()) {
    if (!entry.remote) continue;
    // Each probe opens its own connection in its own thread: no Xapian
    // object is shared.
    probes.emplace_back(entry.endpoint(), std::async(std::launch::async, [entry, timeout] {
                          try {
                            (void)open_remote(entry, timeout).get_doccount();
                            return true;
                          } catch (const Xapian::Error&) {
                            return false;
                          }
                        }));
  }
  for (auto& [endpoint, answered] : probes)
    if (!answered.get()) down.push_back(endpoint);
  return down;
}

}  // namespace chanjiao::search
