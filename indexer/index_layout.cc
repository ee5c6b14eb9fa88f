#include "indexer/index_layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

#include "core/schema.h"

namespace chanjiao::index {
namespace fs = std::filesystem;
namespace {

constexpr const char* kGenerationPrefix = "gen-";

long generation_number(const std::string& name) {
  if (name.rfind(kGenerationPrefix, 0) != 0) return -1;
  try {
    return std::stol(name.substr(std::strlen(kGenerationPrefix)));
  } catch (...) {
    return -1;
  }
}

void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

Result<std::string> IndexLayout::current() const {
  std::error_code ec;
  fs::path target = fs::read_symlink(current_link(), ec);
  if (ec) return Status::not_found("no index at " + root_ + " (run chanjiao-index build)");
  fs::path resolved = fs::path(root_) / target;
  if (!fs::is_directory(resolved, ec))
    return Status::not_found("index link " + current_link() + " points to a missing directory");
  return fs::absolute(resolved).lexically_normal().string();
}

Result<std::string> IndexLayout::create_generation() const {
  std::error_code ec;
  fs::path generations = fs::path(root_) / "generations";
  fs::create_directories(generations, ec);
  if (ec) return Status::internal("cannot create " + generations.string() + ": " + ec.message());
  long highest = 0;
  for (const auto& entry : fs::directory_iterator(generations, ec))
    highest = std::max(highest, generation_number(entry.path().filename().string()));
  char name[32];
  std::snprintf(name, sizeof name, "%s%06ld", kGenerationPrefix, highest + 1);
  fs::path dir = generations / name;
  fs::create_directory(dir, ec);
  if (ec) return Status::internal("cannot create " + dir.string() + ": " + ec.message());
  return fs::absolute(dir).string();
}

Status IndexLayout::publish(const std::string& generation) const {
  std::error_code ec;
  fs::path previous = fs::read_symlink(current_link(), ec);
  fs::path relative = fs::path("generations") / fs::path(generation).filename();
  std::string temp_link = current_link() + ".tmp." + std::to_string(::getpid());
  fs::remove(temp_link, ec);
  fs::create_symlink(relative, temp_link, ec);
  if (ec) return Status::internal("cannot create link " + temp_link + ": " + ec.message());
  if (std::rename(temp_link.c_str(), current_link().c_str()) != 0)
    return Status::internal("cannot swap " + current_link() + " into place");
  fsync_dir(root_);
  // Keep the live generation and the one it replaced (readers may still
  // have it open); remove the rest, including orphans of killed builds.
  fs::path generations = fs::path(root_) / "generations";
  for (const auto& entry : fs::directory_iterator(generations, ec)) {
    std::string name = entry.path().filename().string();
    if (name == relative.filename().string() || name == previous.filename().string()) continue;
    if (generation_number(name) >= 0) fs::remove_all(entry.path(), ec);
  }
  return Status::ok();
}

Result<std::unique_ptr<WriterLock>> WriterLock::acquire_file(const std::string& root,
                                                             const std::string& name,
                                                             double wait_seconds,
                                                             const std::string& busy) {
  std::error_code ec;
  fs::create_directories(root, ec);
  std::string path = root + "/" + name;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::internal("cannot open " + path);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Status::unavailable(busy + " (lock " + path + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::unique_ptr<WriterLock>(new WriterLock(fd));
}

Result<std::unique_ptr<WriterLock>> WriterLock::acquire(const std::string& root,
                                                        double wait_seconds) {
  return acquire_file(root, ".lock", wait_seconds,
                      "another process is writing the live index of " + root);
}

Result<std::unique_ptr<WriterLock>> WriterLock::acquire_job(const std::string& root,
                                                            double wait_seconds) {
  return acquire_file(root, ".job-lock", wait_seconds,
                      "another chanjiao-index is running on " + root +
                          "; wait for it to finish (or pass --wait SECONDS)");
}

WriterLock::~WriterLock() {
  ::close(fd_);
}

Result<IndexInfo> inspect_index(const std::string& root, const analysis::Analyzer& analyzer,
                                std::string* warning) {
  IndexLayout layout(root);
  auto current = layout.current();
  if (!current.is_ok()) return current.status();
  IndexInfo info;
  info.path = current.value();
  try {
    Xapian::Database db(info.path);
    auto as_int = [](const std::string& s) { return s.empty() ? 0 : std::atoi(s.c_str()); };
    info.analyzer_version = as_int(db.get_metadata(schema::kMetaAnalyzerVersion));
    info.analyzer_fingerprint = db.get_metadata(schema::kMetaAnalyzerFingerprint);
    info.schema_version = as_int(db.get_metadata(schema::kMetaSchemaVersion));
    info.built_at = db.get_metadata(schema::kMetaBuiltAt);
    info.doc_count = db.get_doccount();
  } catch (const Xapian::Error& e) {
    return Status::internal("cannot open index " + info.path + ": " + e.get_description());
  }
  if (info.analyzer_version != analysis::Analyzer::kVersion ||
      info.schema_version != schema::kSchemaVersion) {
    return Status::failed_precondition(
        "index " + info.path + " was built with analyzer v" +
        std::to_string(info.analyzer_version) + " / schema v" +
        std::to_string(info.schema_version) + " but this binary uses analyzer v" +
        std::to_string(analysis::Analyzer::kVersion) + " / schema v" +
        std::to_string(schema::kSchemaVersion) + ": rebuild it with chanjiao-index build");
  }
  if (warning != nullptr) {
    if (Status s = check_dictionaries(info, analyzer); !s.is_ok()) *warning = s.message();
  }
  return info;
}

Status check_dictionaries(const IndexInfo& info, const analysis::Analyzer& analyzer) {
  if (info.analyzer_fingerprint == analyzer.fingerprint()) return Status::ok();
  return Status::failed_precondition(
      "index " + info.path + " was built with other dictionaries (analyzer fingerprint " +
      info.analyzer_fingerprint + ", this process loaded " + analyzer.fingerprint() +
      "): its documents were segmented differently from how queries would be");
}

}  // namespace chanjiao::index
