#include "core/shards.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace chanjiao::shards {
namespace fs = std::filesystem;

uint64_t fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string shard_name(size_t i) {
  return "shard-" + std::to_string(i);
}

bool is_sharded(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / kStubFile, ec);
}

Result<std::vector<StubEntry>> read_stub(const std::string& path) {
  std::error_code ec;
  fs::path stub = path;
  if (fs::is_directory(stub, ec)) {
    if (!fs::is_regular_file(stub / kStubFile, ec)) {
      StubEntry local;
      local.path = fs::absolute(stub).lexically_normal().string();
      return std::vector<StubEntry>{local};
    }
    stub /= kStubFile;
  }
  std::ifstream in(stub);
  if (!in) return Status::not_found("cannot read stub database file " + stub.string());
  const fs::path base = fs::absolute(stub).parent_path();
  std::vector<StubEntry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string kind, rest;
    if (!(words >> kind) || kind[0] == '#') continue;
    words >> rest;
    const std::string where = stub.string() + ":" + std::to_string(number) + ": ";
    StubEntry entry;
    if (kind == "remote") {
      // Xapian's "remote HOST:PORT" (TCP); the program form is not ours.
      size_t colon = rest.rfind(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
        return Status::invalid_argument(where + "expected remote HOST:PORT");
      entry.remote = true;
      entry.host = rest.substr(0, colon);
      try {
        entry.port = static_cast<unsigned>(std::stoul(rest.substr(colon + 1)));
      } catch (const std::exception&) {
        return Status::invalid_argument(where + "bad port in " + rest);
      }
    } else if (kind == "glass" || kind == "auto") {
      if (rest.empty()) return Status::invalid_argument(where + "expected a path");
      fs::path p = rest;
      entry.path = (p.is_absolute() ? p : base / p).lexically_normal().string();
    } else {
      return Status::invalid_argument(where + "unsupported stub line '" + line + "'");
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) return Status::invalid_argument(stub.string() + ": names no database");
  if (entries.size() > kMaxShards)
    return Status::invalid_argument(stub.string() + ": more than " + std::to_string(kMaxShards) +
                                    " databases");
  return entries;
}

Status write_local_stub(const std::string& dir, size_t count) {
  const fs::path stub = fs::path(dir) / kStubFile;
  const fs::path temp = fs::path(dir) / (std::string(kStubFile) + ".tmp");
  {
    std::ofstream out(temp, std::ios::trunc);
    for (size_t i = 0; i < count; ++i) out << "glass " << shard_name(i) << '\n';
    out.flush();
    if (!out) return Status::internal("cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, stub, ec);
  if (ec) return Status::internal("cannot write " + stub.string() + ": " + ec.message());
  return Status::ok();
}

}  // namespace chanjiao::shards
