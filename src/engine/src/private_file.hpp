#pragma once
// A file that appears under its final name complete or not at all, readable by its owner only:
// created as a temporary file (mode 0600) in the destination folder, filled, flushed to disk
// and renamed over the final name by commit(). Destroyed without commit(), it removes the
// temporary file.
//
// The process's own streams (/dev/stdout, /dev/stderr, /dev/fd/N) and pipes or terminals (a
// FIFO or character device) are written straight through: there is no file to replace there.
// A symbolic link is refused (not followed: in a shared folder it may point at one of your
// files; not replaced: it was put there for a reason), as is any other non-file (a folder).
// Files in the person's own configuration folder follow their links instead (FollowLinks::
// kYes: dotfiles kept elsewhere and linked in stay linked); a link loop is refused.
//
// Threading contract: one thread; distinct objects may be used on different threads.
#include <filesystem>
#include <string_view>

namespace resonant::engine {

/// Whether path names a stream PrivateFile writes straight through (see above).
bool is_stream_path(const std::filesystem::path& path);

enum class FollowLinks : bool { kNo, kYes };

class PrivateFile {
 public:
  /// Creates the temporary file; throws std::runtime_error "cannot write PATH: why".
  explicit PrivateFile(std::filesystem::path final_path, FollowLinks links = FollowLinks::kNo);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  /// The temporary file, for writers that open a path themselves (it already exists, 0600).
  /// Not for straight-through output (a writer that reopens or reads back its file cannot
  /// use a pipe): check straight_through() first.
  const std::filesystem::path& temp_path() const { return temp_path_; }
  /// Written straight through to a stream (no temporary file, nothing to rename).
  bool straight_through() const { return straight_through_; }
  const std::filesystem::path& final_path() const { return final_path_; }

  /// Appends bytes to the temporary file; throws std::runtime_error.
  void write(std::string_view bytes);
  /// Flushes the temporary file to disk and renames it to the final name; throws.
  void commit();

 private:
  /// Throws "cannot write PATH: why", with what to do about space or rights when advise.
  [[noreturn]] void fail(std::string_view why, bool advise = true) const;

  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;  // the final path itself when writing straight through
  int fd_ = -1;
  bool committed_ = false;
  bool straight_through_ = false;    // a pipe or a terminal: no temporary file
};

}  // namespace resonant::engine
