#include "server/searcher_pool.h"

#include <sys/stat.h>

#include <filesystem>

#include "indexer/index_layout.h"
#include "search/facet_table.h"

namespace chanjiao::server {
namespace {

// Identifies one committed revision of a glass database: Xapian writes a
// new `iamglass` and renames it into place on every commit.
struct Revision {
  ino_t inode = 0;
  int64_t mtime_ns = 0;
  bool operator==(const Revision&) const = default;
};

Revision revision_of(const std::string& generation) {
  struct stat st {};
  if (::stat((generation + "/iamglass").c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// Opening races with a commit now and then (the version file is replaced
// while it is read): try again a few times.
Xapian::Database open_database(const std::string& path) {
  for (int attempt = 0;; ++attempt) {
    try {
      return Xapian::Database(path);
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
};

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
    search::FacetTable::shared(open_database(current.value()));
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
  if (tls.owner != this || tls.generation != current.value() || !tls.searcher ||
      !(tls.revision == revision)) {
    try {
      Xapian::Database db = open_database(current.value());
      tls.searcher = std::make_unique<search::Searcher>(*analyzer_, db);
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

std::string SearcherPool::live_generation() const {
  std::lock_guard lock(mutex_);
  return live_;
}

}  // namespace chanjiao::server
