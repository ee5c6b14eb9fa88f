// Sharded indexes (issue 16): how a document id picks its shard, how a
// shard's docids map into the combined database, and the Xapian stub
// database file that names the shards.
//
// A sharded generation is a directory holding shard-0 .. shard-(N-1) (each a
// complete glass database) and a stub file `XAPIANDB` with one line per shard
// ("glass shard-i", relative to the directory), so Xapian::Database(dir)
// opens every shard as one database. A stub may also name remote shards
// served by xapian-tcpsrv ("remote HOST:PORT"); `chanjiao-server --index`
// accepts such a file. One shard is today's layout: no stub, the generation
// directory is the database.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace chanjiao::shards {

inline constexpr const char* kStubFile = "XAPIANDB";
inline constexpr size_t kMaxShards = 256;

// FNV-1a (64-bit) of `text`: stable across builds, platforms and releases
// (std::hash is none of these), so a document always goes to the same shard.
uint64_t fnv1a(std::string_view text);

// The shard holding document `id` among `count` shards.
inline size_t shard_of(std::string_view id, size_t count) {
  return count <= 1 ? 0 : static_cast<size_t>(fnv1a(id) % count);
}

// Xapian interleaves the docids of the databases it searches as one: local
// docid d of shard s (0-based) of n is (d - 1) * n + s + 1 in the combined
// database. Anything keyed by docid (facet table, collapse) uses this.
inline Xapian::docid global_docid(Xapian::docid local, size_t shard, size_t count) {
  return (local - 1) * static_cast<Xapian::docid>(count) + static_cast<Xapian::docid>(shard) + 1;
}
inline size_t shard_of_docid(Xapian::docid global, size_t count) {
  return static_cast<size_t>((global - 1) % count);
}
inline Xapian::docid local_docid(Xapian::docid global, size_t count) {
  return (global - 1) / static_cast<Xapian::docid>(count) + 1;
}

// Directory name of shard `i` inside a sharded generation.
std::string shard_name(size_t i);

// One line of a stub file.
struct StubEntry {
  bool remote = false;
  std::string path;  // local: absolute path of the database
  std::string host;  // remote
  unsigned port = 0;
  std::string endpoint() const { return host + ":" + std::to_string(port); }
};

// The databases `path` stands for: a stub file, a directory holding one
// (XAPIANDB), or a plain database directory (one local entry). Relative
// paths in a stub are relative to the stub's directory, as Xapian reads
// them. kInvalidArgument for a line this reader does not understand.
Result<std::vector<StubEntry>> read_stub(const std::string& path);

// True when `dir` holds a stub file (a sharded generation).
bool is_sharded(const std::string& dir);

// Writes `dir`/XAPIANDB naming shard-0 .. shard-(count-1) (atomically: a
// temporary file renamed into place).
Status write_local_stub(const std::string& dir, size_t count);

}  // namespace chanjiao::shards
