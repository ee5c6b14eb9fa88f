#include "core/data_dir.h"

#include <filesystem>
#include <system_error>

namespace chanjiao {

std::string executable_dir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::string default_data_dir() {
  const std::filesystem::path exe_dir = executable_dir();
  const std::filesystem::path beside = exe_dir / "share" / "chanjiao";
  std::error_code ec;
  if (std::filesystem::is_directory(beside, ec)) return beside.lexically_normal().string();
  return (exe_dir / ".." / "share" / "chanjiao").lexically_normal().string();
}

}  // namespace chanjiao
