#include "indexer/index_builder.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/document.h"
#include "core/schema.h"
#include "core/shards.h"
#include "indexer/index_layout.h"
#include "indexer/shard_writer.h"
#include "indexer/shards.h"
#include "indexer/source_reader.h"
#include "indexer/store_sync.h"
#include "indexer/term_builder.h"

namespace chanjiao::index {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBatchSize = 256;

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// Progress: one redrawn line on a terminal, a plain line every few seconds
// otherwise (logs stay readable).
class Progress {
 public:
  Progress(std::ostream& log, bool terminal, uint64_t total_bytes)
      : log_(log), terminal_(terminal), total_bytes_(total_bytes) {}

  void update(uint64_t docs, uint64_t bytes, bool final = false) {
    auto now = Clock::now();
    auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(5);
    if (!final && now - last_ < interval) return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double rate = elapsed > 0 ? docs / elapsed : 0;
    double mb_rate = elapsed > 0 ? bytes / elapsed / 1e6 : 0;
    char line[160];
    if (!final && total_bytes_ > 0 && bytes > 0) {
      double eta = elapsed * (static_cast<double>(total_bytes_) / bytes - 1.0);
      std::snprintf(
          line, sizeof line, "indexed %llu docs  %.0f docs/s  %.1f MB/s  %3.0f%%  ETA %.0fs",
          static_cast<unsigned long long>(docs), rate, mb_rate, 100.0 * bytes / total_bytes_, eta);
    } else {
      std::snprintf(line, sizeof line, "indexed %llu docs  %.0f docs/s  %.1f MB/s  in %.1fs",
                    static_cast<unsigned long long>(docs), rate, mb_rate, elapsed);
    }
    if (terminal_) {
      log_ << '\r' << line << "\x1b[K" << (final ? "\n" : "") << std::flush;
    } else {
      log_ << line << '\n';
    }
  }

 private:
  std::ostream& log_;
  bool terminal_;
  uint64_t total_bytes_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

// Reads, validates and routes records to the shard writers; reports bad
// records and duplicate ids as it goes. False when strict mode must stop.
class Dispatcher {
 public:
  // Corpus records whose id is in `store_ids` are left out (the store's
  // version, or its tombstone, wins) but still enter the manifest.
  Dispatcher(std::vector<std::unique_ptr<ShardWriter>>& shards, const BuildOptions& options,
             std::ostream& log, BuildStats& stats, const std::unordered_set<std::string>& store_ids)
      : shards_(shards),
        options_(options),
        log_(log),
        stats_(stats),
        store_ids_(store_ids),
        batches_(shards.size()) {}

  bool add(SourceRecord record) {
    ++stats_.records;
    std::string where = record.file + ":" + std::to_string(record.line);
    Result<Document> doc = record.too_long
                               ? Result<Document>(Status::invalid_argument(
                                     "json: line longer than " +
                                     std::to_string(SourceReader::kMaxLineBytes) + " bytes"))
                               : parse_document(record.text);
    if (!doc.is_ok()) {
      log_ << where << ": " << doc.status().message()
           << (options_.strict ? "" : " (record skipped)") << '\n';
      ++stats_.skipped;
      return !options_.strict;
    }
    auto [it, inserted] = seen_.try_emplace(doc->id, where);
    if (!inserted) {
      log_ << where << ": id: duplicate of " << it->second << " (the later record wins)\n";
      it->second = where;
      ++stats_.duplicates;
    }
    manifest_[doc->id] = corpus_hash(doc.value());
    if (!store_ids_.contains(doc->id)) push(std::move(doc).value());
    return true;
  }

  // A document from the store.
  void push(Document doc) {
    // The same id always goes to the same shard, so the later record
    // replaces the earlier one there.
    size_t shard = shards::shard_of(doc.id, shards_.size());
    batches_[shard].push_back(std::move(doc));
    if (batches_[shard].size() == kBatchSize) flush(shard);
  }

  // id → content hash of every valid corpus record (the last one per id).
  const std::unordered_map<std::string, std::string>& manifest() const { return manifest_; }

  void flush_all() {
    for (size_t i = 0; i < batches_.size(); ++i) flush(i);
  }

 private:
  void flush(size_t shard) {
    if (batches_[shard].empty()) return;
    shards_[shard]->push(std::move(batches_[shard]));
    batches_[shard].clear();
  }

  std::vector<std::unique_ptr<ShardWriter>>& shards_;
  const BuildOptions& options_;
  std::ostream& log_;
  BuildStats& stats_;
  const std::unordered_set<std::string>& store_ids_;
  std::unordered_map<std::string, std::string> manifest_;
  std::vector<std::vector<Document>> batches_;
  std::unordered_map<std::string, std::string> seen_;  // id → "file:line"
};

// Compacts writer databases into `out` (smaller and faster to search than
// what the writers produced; not DBCOMPACT_SINGLE_FILE, which would make it
// read-only — live updates write to it) and stamps the build metadata, the
// manifest entries of `ids_here` (nullptr: all) and, when `with_seq`, the
// store seq.
Status compact_into(const std::vector<std::string>& writer_paths, const std::string& out,
                    const analysis::Analyzer& analyzer,
                    const std::unordered_map<std::string, std::string>& manifest,
                    const std::function<bool(const std::string&)>& ids_here, bool with_seq,
                    uint64_t store_seq) {
  try {
    Xapian::Database writers;
    for (const std::string& path : writer_paths) writers.add_database(Xapian::Database(path));
    writers.compact(out, Xapian::DBCOMPACT_MULTIPASS);
    Xapian::WritableDatabase db(out, Xapian::DB_OPEN);
    db.set_metadata(schema::kMetaAnalyzerVersion, std::to_string(analysis::Analyzer::kVersion));
    db.set_metadata(schema::kMetaAnalyzerFingerprint, analyzer.fingerprint());
    db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
    db.set_metadata(schema::kMetaBuiltAt, now_iso8601());
    if (with_seq) db.set_metadata(schema::kMetaStoreSeq, std::to_string(store_seq));
    for (const auto& [id, hash] : manifest)
      if (!ids_here || ids_here(id))
        db.set_metadata(std::string(schema::kMetaCorpusPrefix) + id, hash);
    db.commit();
  } catch (const Xapian::Error& e) {
    return Status::internal("compacting into " + out + " failed: " + e.get_description());
  }
  return Status::ok();
}

// One shard: every writer merged into `generation`. N shards: writer i is
// shard i (documents were routed by id), compacted into generation/shard-i,
// and a stub file names them; the store seq lives in shard 0.
Status merge_shards(const std::vector<std::string>& writer_paths, const std::string& generation,
                    unsigned shard_count, const analysis::Analyzer& analyzer,
                    const std::unordered_map<std::string, std::string>& manifest,
                    uint64_t store_seq) {
  if (shard_count <= 1)
    return compact_into(writer_paths, generation, analyzer, manifest, nullptr, true, store_seq);
  for (unsigned i = 0; i < shard_count; ++i) {
    auto mine = [i, shard_count](const std::string& id) {
      return shards::shard_of(id, shard_count) == i;
    };
    if (Status s = compact_into({writer_paths[i]}, generation + "/" + shards::shard_name(i),
                                analyzer, manifest, mine, i == 0, store_seq);
        !s.is_ok())
      return s;
  }
  return shards::write_local_stub(generation, shard_count);
}

}  // namespace

std::string corpus_hash(const Document& doc) {
  return store::sha256_hex(to_json(doc)).substr(0, 32);
}

Result<BuildStats> build_index(const BuildOptions& options, const analysis::Analyzer& analyzer) {
  std::ostream& log = options.log != nullptr ? *options.log : std::cerr;
  auto job = WriterLock::acquire_job(options.index_root, options.job_wait_seconds);
  if (!job.is_ok()) return job.status();
  // The store snapshot first: its ids decide which corpus records are left out.
  std::vector<Document> store_docs;
  std::unordered_set<std::string> store_ids;
  uint64_t store_seq = 0;
  if (options.store != nullptr) {
    Status s = options.store->for_each(
        [&](store::StoredDocument&& row) {
          store_ids.insert(row.id);
          if (row.deleted) return;
          if (auto doc = parse_document(row.json); doc.is_ok())
            store_docs.push_back(std::move(doc).value());
          else
            log << "store: " << row.id << ": " << doc.status().message() << " (skipped)\n";
        },
        &store_seq);
    if (!s.is_ok()) return s;
  }
  auto reader = SourceReader::open(options.sources);
  if (!reader.is_ok()) return reader.status();
  IndexLayout layout(options.index_root);
  auto generation = layout.create_generation();
  if (!generation.is_ok()) return generation.status();

  unsigned shard_count = options.shards;
  if (shard_count == 0) {
    auto live = layout.current();
    auto entries = live.is_ok() ? shards::read_stub(live.value())
                                : Result<std::vector<shards::StubEntry>>(live.status());
    shard_count = entries.is_ok() ? static_cast<unsigned>(entries->size()) : 1;
  }
  if (shard_count < 1 || shard_count > shards::kMaxShards)
    return Status::invalid_argument("--shards: must be between 1 and " +
                                    std::to_string(shards::kMaxShards));
  // N shards: one writer per shard, so writer i holds exactly shard i's ids.
  const unsigned threads = shard_count > 1 ? shard_count
                           : options.threads > 0
                               ? options.threads
                               : std::max(1u, std::thread::hardware_concurrency());
  const std::string shard_dir = generation.value() + ".shards";
  std::error_code ec;
  std::filesystem::create_directories(shard_dir, ec);
  if (ec) return Status::internal("cannot create " + shard_dir + ": " + ec.message());
  TermBuilder builder(analyzer);
  Progress progress(log, options.progress_on_terminal, reader->total_bytes());
  auto start = Clock::now();
  BuildStats stats;
  stats.store_seq = store_seq;
  stats.store_documents = store_docs.size();
  std::unordered_map<std::string, std::string> manifest;
  std::vector<std::string> shard_paths;
  bool ok = true;
  try {
    std::vector<std::unique_ptr<ShardWriter>> shards;
    for (unsigned i = 0; i < threads; ++i) {
      shard_paths.push_back(shard_dir + "/shard-" + std::to_string(i));
      shards.push_back(std::make_unique<ShardWriter>(shard_paths.back(), builder));
    }
    Dispatcher dispatcher(shards, options, log, stats, store_ids);
    auto written = [&shards] {
      uint64_t n = 0;
      for (const auto& s : shards) n += s->written();
      return n;
    };
    while (ok) {
      std::optional<SourceRecord> record = reader->next();
      if (!record) break;
      ok = dispatcher.add(std::move(*record));
      progress.update(written(), reader->bytes_read());
    }
    for (Document& doc : store_docs) dispatcher.push(std::move(doc));
    dispatcher.flush_all();
    manifest = dispatcher.manifest();
    for (auto& shard : shards)
      if (Status s = shard->finish(); !s.is_ok()) return s;
  } catch (const Xapian::Error& e) {
    return Status::internal("index write failed: " + e.get_description());
  }
  if (!ok) return Status::invalid_argument("bad record in strict mode; nothing was published");
  if (Status s =
          merge_shards(shard_paths, generation.value(), shard_count, analyzer, manifest, store_seq);
      !s.is_ok())
    return s;
  std::filesystem::remove_all(shard_dir, ec);
  stats.text_bytes = reader->bytes_read();
  progress.update(Xapian::Database(generation.value()).get_doccount(), stats.text_bytes,
                  /*final=*/true);
  // The swap: no other writer may touch the live index between the catch-up
  // (publications that arrived during the build) and the new link.
  auto writer = WriterLock::acquire(options.index_root, options.writer_wait_seconds);
  if (!writer.is_ok()) return writer.status();
  if (options.store != nullptr) {
    try {
      ShardedWriter db = ShardedWriter::open(generation.value());
      auto caught_up = apply_store_changes(db, *options.store, builder);
      if (!caught_up.is_ok()) return caught_up.status();
      db.commit();
      stats.store_seq = caught_up->applied_seq;
    } catch (const Xapian::Error& e) {
      return Status::internal("catching up with the store failed: " + e.get_description());
    }
  }
  stats.indexed = Xapian::Database(generation.value()).get_doccount();
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (Status s = layout.publish(generation.value()); !s.is_ok()) return s;
  stats.generation = generation.value();
  return stats;
}

}  // namespace chanjiao::index
