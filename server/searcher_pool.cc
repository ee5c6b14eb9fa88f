#include "server/searcher_pool.h"

#include <filesystem>

#include "indexer/index_layout.h"

namespace chanjiao::server {
namespace {

struct ThreadSearcher {
  const SearcherPool* owner = nullptr;
  std::string generation;
  std::unique_ptr<search::Searcher> searcher;
};

thread_local ThreadSearcher tls;

}  // namespace

SearcherPool::SearcherPool(std::shared_ptr<const analysis::Analyzer> analyzer,
                           std::string index_root)
    : analyzer_(std::move(analyzer)), root_(std::move(index_root)) {}

Result<search::Searcher*> SearcherPool::acquire() {
  auto current = index::IndexLayout(root_).current();
  if (!current.is_ok()) {
    if (tls.owner == this && tls.searcher) return tls.searcher.get();  // keep serving
    return Status::unavailable(current.status().message());
  }
  if (tls.owner != this || tls.generation != current.value() || !tls.searcher) {
    try {
      Xapian::Database db(current.value());
      tls.searcher = std::make_unique<search::Searcher>(*analyzer_, db);
      tls.generation = current.value();
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

std::string SearcherPool::live_generation() const {
  std::lock_guard lock(mutex_);
  return live_;
}

}  // namespace chanjiao::server
