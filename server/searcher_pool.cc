#include "server/searcher_pool.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>

#include "core/shards.h"
#include "indexer/index_layout.h"
#include "search/facet_table.h"
#include "search/sharding.h"

namespace chanjiao::server {
namespace {

// Identifies one committed revision of a glass database: Xapian writes a
// new `iamglass` and renames it into place on every commit.
struct Revision {
  ino_t inode = 0;
  int64_t mtime_ns = 0;
  bool operator==(const Revision&) const = default;
};

Revision revision_of_database(const std::string& dir) {
  struct stat st {};
  if (::stat((dir + "/iamglass").c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// A sharded generation (core/shards.h) moves when any local shard commits,
// a replica (xapian-replicate keeps DIR/XAPIANDB naming its live copy) when
// its stub is replaced: stub files and version files folded into one value,
// through stubs naming stubs (shards that are replicas).
Revision revision_of(const std::string& path, int depth = 0) {
  struct stat st {};
  const std::string stub = path + "/" + shards::kStubFile;
  const bool is_file = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (!is_file && ::stat(stub.c_str(), &st) != 0) return revision_of_database(path);
  Revision folded{st.st_ino,
                  static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
  auto entries = shards::read_stub(path);
  if (!entries.is_ok() || depth > 2) return folded;
  for (const shards::StubEntry& e : entries.value()) {
    if (e.remote) continue;
    Revision r = revision_of(e.path, depth + 1);
    folded.inode = folded.inode * 1000003 + r.inode;
    folded.mtime_ns = folded.mtime_ns * 1000003 + r.mtime_ns;
  }
  return folded;
}

// Opening races with a commit now and then (the version file is replaced
// while it is read): try again a few times.
search::OpenedIndex open_database(const std::string& path) {
  for (int attempt = 0;; ++attempt) {
    try {
      return search::open_index(path);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 3) throw;
    } catch (const Xapian::DatabaseOpeningError&) {
      if (attempt == 3) throw;
    }
  }
}

struct ThreadSearcher {
  const SearcherPool* owner = nullptr;
  std::string generation;
  Revision revision;
  std::unique_ptr<search::Searcher> searcher;
  // Remote shards: nothing local to stat, so the connection is asked to
  // reopen (one round trip per shard) at most every kRemoteReopenInterval.
  bool has_remote = false;
  Xapian::Database remote_db;
  std::chrono::steady_clock::time_point reopened, connected;
};

constexpr std::chrono::milliseconds kRemoteReopenInterval{500};
constexpr std::chrono::seconds kRemoteReconnectInterval{10};

thread_local ThreadSearcher tls;

}  // namespace

SearcherPool::SearcherPool(std::shared_ptr<const analysis::Analyzer> analyzer,
                           std::string index_root, size_t long_query_words)
    : analyzer_(std::move(analyzer)),
      root_(std::move(index_root)),
      long_query_words_(long_query_words) {}

Status SearcherPool::warm_up() const {
  auto current = index::IndexLayout(root_).current();
  if (!current.is_ok()) return current.status();
  try {
    search::OpenedIndex index = open_database(current.value());
    if (!index.shards.has_remote()) search::FacetTable::shared(index.shards.databases);
  } catch (const Xapian::Error& e) {
    return Status::unavailable("cannot open index " + current.value() + ": " + e.get_description());
  }
  return Status::ok();
}

Result<search::Searcher*> SearcherPool::acquire() {
  auto current = index::IndexLayout(root_).current();
  if (!current.is_ok()) {
    if (tls.owner == this && tls.searcher) return tls.searcher.get();  // keep serving
    return Status::unavailable(current.status().message());
  }
  Revision revision = revision_of(current.value());
  const auto now = std::chrono::steady_clock::now();
  // A rebuild's swap on the shard servers: xapian-tcpsrv opens its database
  // per connection, and an open connection keeps the old generation.
  const bool reconnect = tls.has_remote && now - tls.connected > kRemoteReconnectInterval;
  if (tls.owner != this || tls.generation != current.value() || !tls.searcher ||
      !(tls.revision == revision) || reconnect) {
    try {
      search::OpenedIndex index = open_database(current.value());
      tls.has_remote = index.shards.has_remote();
      tls.remote_db = tls.has_remote ? index.db : Xapian::Database();
      tls.reopened = tls.connected = std::chrono::steady_clock::now();
      tls.searcher = std::make_unique<search::Searcher>(*analyzer_, index.db);
      tls.searcher->set_shards(std::move(index.shards));
      tls.searcher->set_long_query_words(long_query_words_);
      tls.generation = current.value();
      tls.revision = revision;
      tls.owner = this;
      std::lock_guard lock(mutex_);
      live_ = current.value();
    } catch (const Xapian::Error& e) {
      if (tls.owner == this && tls.searcher) return tls.searcher.get();
      return Status::unavailable("cannot open index " + current.value() + ": " +
                                 e.get_description());
    }
  }
  if (tls.has_remote && now - tls.reopened > kRemoteReopenInterval) {
    // The Searcher's database shares these connections. A shard that does
    // not answer throws here (NetworkError): the route's adapter names it.
    tls.reopened = std::chrono::steady_clock::now();
    tls.remote_db.reopen();
  }
  return tls.searcher.get();
}

void SearcherPool::reset_thread() {
  if (tls.owner == this) tls.searcher.reset();
}

httplib::Server::Handler retry_on_modified(SearcherPool& pool, httplib::Server::Handler handler) {
  return
      [&pool, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        for (int attempt = 0;; ++attempt) {
          try {
            handler(req, res);
            return;
          } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kModifiedRetries) throw;
            pool.reset_thread();
            res = httplib::Response();
          }
        }
      };
}

std::vector<std::string> SearcherPool::unreachable_shards() const {
  auto current = index::IndexLayout(root_).current();
  if (!current.is_ok()) return {};
  return search::unreachable_shards(current.value());
}

std::string SearcherPool::live_generation() const {
  std::lock_guard lock(mutex_);
  return live_;
}

}  // namespace chanjiao::server
