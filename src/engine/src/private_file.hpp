#pragma once
// A file that appears under its final name complete or not at all, readable by its owner only:
// created as a temporary file (mode 0600) in the destination folder, filled, flushed to disk
// and renamed over the final name by commit(). Destroyed without commit(), it removes the
// temporary file.
//
// Threading contract: one thread; distinct objects may be used on different threads.
#include <filesystem>
#include <string_view>

namespace resonant::engine {

class PrivateFile {
 public:
  /// Creates the temporary file; throws std::runtime_error "cannot write PATH: why".
  explicit PrivateFile(std::filesystem::path final_path);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  /// The temporary file, for writers that open a path themselves (it already exists, 0600).
  const std::filesystem::path& temp_path() const { return temp_path_; }
  const std::filesystem::path& final_path() const { return final_path_; }

  /// Appends bytes to the temporary file; throws std::runtime_error.
  void write(std::string_view bytes);
  /// Flushes the temporary file to disk and renames it to the final name; throws.
  void commit();

 private:
  [[noreturn]] void fail(std::string_view why) const;

  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace resonant::engine
