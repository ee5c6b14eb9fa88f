// Opening an index that may be sharded (issue 16): one database, a sharded
// generation (a directory with a Xapian stub file), or a stub file naming
// remote shards served by xapian-tcpsrv (core/shards.h).
//
// Remote shards are opened with Xapian::Remote::open and a timeout
// (kRemoteTimeoutSeconds) for connecting and for every reply, so a shard
// that is down or stuck fails a request within that time with
// Xapian::NetworkError (or NetworkTimeoutError) instead of hanging it. The
// server answers such a request with a 503 naming the shard
// (unreachable_shards); it never returns a silently partial result.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "core/shards.h"
#include "core/status.h"

namespace chanjiao::search {

inline constexpr double kRemoteTimeoutSeconds = 2.0;

// The databases searched as one, in stub order.
struct IndexShards {
  std::vector<Xapian::Database> databases;  // one per shard (local or remote)
  std::vector<std::string> remote;          // HOST:PORT of the remote ones
  bool has_remote() const { return !remote.empty(); }
};

struct OpenedIndex {
  Xapian::Database db;  // every shard as one database
  IndexShards shards;
};

// Opens `path`. Throws Xapian errors as Xapian::Database does; a remote
// shard that cannot be reached is a Xapian::NetworkError whose message
// names it.
OpenedIndex open_index(const std::string& path, double remote_timeout = kRemoteTimeoutSeconds);

// The remote shards of `path` that do not answer within `timeout` (probed
// in parallel); empty when all answer or none is remote.
std::vector<std::string> unreachable_shards(const std::string& path,
                                            double timeout = kRemoteTimeoutSeconds);

}  // namespace chanjiao::search
