#include "indexer/index_builder.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <future>
#include <iostream>
#include <thread>
#include <unordered_map>

#include "core/document.h"
#include "core/schema.h"
#include "indexer/index_layout.h"
#include "indexer/source_reader.h"
#include "indexer/term_builder.h"

namespace chanjiao::index {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBatchSize = 256;

struct AnalysedRecord {
  std::string file;
  size_t line = 0;
  std::string id;
  std::string error;  // `field: problem`; empty when `doc` is valid
  Xapian::Document doc;
  std::vector<std::string> spelling;
};

std::vector<AnalysedRecord> analyse_batch(std::vector<SourceRecord> batch,
                                          const TermBuilder& builder) {
  std::vector<AnalysedRecord> out(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    AnalysedRecord& r = out[i];
    r.file = std::move(batch[i].file);
    r.line = batch[i].line;
    if (batch[i].too_long) {
      r.error = "json: line longer than " + std::to_string(SourceReader::kMaxLineBytes) + " bytes";
      continue;
    }
    Result<Document> doc = parse_document(batch[i].text);
    if (!doc.is_ok()) {
      r.error = doc.status().message();
      continue;
    }
    r.id = doc->id;
    r.doc = builder.build(doc.value());
    r.spelling = builder.spelling_words(doc.value());
  }
  return out;
}

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
      std::snprintf(line, sizeof line, "indexed %llu docs  %.0f docs/s  %.1f MB/s  %3.0f%%  ETA %.0fs",
                    static_cast<unsigned long long>(docs), rate, mb_rate,
                    100.0 * bytes / total_bytes_, eta);
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

struct Writer {
  Xapian::WritableDatabase db;
  std::unordered_map<std::string, std::string> seen;  // id → "file:line"
  BuildStats stats;
};

// Applies one analysed batch in order; false when strict mode must stop.
bool write_batch(std::vector<AnalysedRecord>& batch, Writer& w, const BuildOptions& options,
                 std::ostream& log) {
  for (AnalysedRecord& r : batch) {
    std::string where = r.file + ":" + std::to_string(r.line);
    if (!r.error.empty()) {
      log << where << ": " << r.error << (options.strict ? "" : " (record skipped)") << '\n';
      ++w.stats.skipped;
      if (options.strict) return false;
      continue;
    }
    auto [it, inserted] = w.seen.try_emplace(r.id, where);
    if (inserted) {
      w.db.add_document(r.doc);  // a fresh generation: no lookup needed
    } else {
      log << where << ": id: duplicate of " << it->second << " (the later record wins)\n";
      it->second = where;
      ++w.stats.duplicates;
      w.db.replace_document(schema::term(schema::kId, r.id), r.doc);
    }
    for (const std::string& word : r.spelling)
      if (word.size() <= schema::kMaxTermBytes) w.db.add_spelling(word);
  }
  return true;
}

}  // namespace

Result<BuildStats> build_index(const BuildOptions& options, const analysis::Analyzer& analyzer) {
  std::ostream& log = options.log != nullptr ? *options.log : std::cerr;
  auto lock = WriterLock::acquire(options.index_root);
  if (!lock.is_ok()) return lock.status();
  auto reader = SourceReader::open(options.sources);
  if (!reader.is_ok()) return reader.status();
  IndexLayout layout(options.index_root);
  auto generation = layout.create_generation();
  if (!generation.is_ok()) return generation.status();

  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  TermBuilder builder(analyzer);
  Progress progress(log, options.progress_on_terminal, reader->total_bytes());
  auto start = Clock::now();
  Writer w;
  try {
    w.db = Xapian::WritableDatabase(generation.value(), Xapian::DB_CREATE_OR_OVERWRITE);
    std::deque<std::future<std::vector<AnalysedRecord>>> in_flight;
    bool ok = true;
    auto drain_one = [&]() {
      std::vector<AnalysedRecord> batch = in_flight.front().get();
      in_flight.pop_front();
      ok = write_batch(batch, w, options, log) && ok;
      progress.update(w.db.get_doccount(), reader->bytes_read());
    };
    std::vector<SourceRecord> batch;
    while (ok) {
      std::optional<SourceRecord> record = reader->next();
      if (record) {
        ++w.stats.records;
        batch.push_back(std::move(*record));
      }
      if (batch.size() == kBatchSize || (!record && !batch.empty())) {
        in_flight.push_back(std::async(std::launch::async, analyse_batch, std::move(batch),
                                       std::cref(builder)));
        batch.clear();
      }
      while (in_flight.size() > 2 * threads || (!record && !in_flight.empty())) drain_one();
      if (!record) break;
    }
    while (!in_flight.empty()) drain_one();  // strict stop: let workers finish
    if (!ok) {
      return Status::invalid_argument("bad record in strict mode; nothing was published");
    }
    w.db.set_metadata(schema::kMetaAnalyzerVersion, std::to_string(analysis::Analyzer::kVersion));
    w.db.set_metadata(schema::kMetaAnalyzerFingerprint, analyzer.fingerprint());
    w.db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
    w.db.set_metadata(schema::kMetaBuiltAt, now_iso8601());
    w.db.commit();
    w.stats.indexed = w.db.get_doccount();
    w.db.close();
  } catch (const Xapian::Error& e) {
    return Status::internal("index write failed: " + e.get_description());
  }
  w.stats.text_bytes = reader->bytes_read();
  w.stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  progress.update(w.stats.indexed, w.stats.text_bytes, /*final=*/true);
  if (Status s = layout.publish(generation.value()); !s.is_ok()) return s;
  w.stats.generation = generation.value();
  return w.stats;
}

}  // namespace chanjiao::index
