#pragma once
// Writes the dashboard's settings file on its own thread, so a slow or stuck disk never
// holds up a frame. The UI hands over a copy of the settings; the newest copy wins (changes
// made while a write is running are coalesced into one next write), writes never overlap
// and never reorder, and each write is atomic (engine::save_settings: temp file + rename).
//
// Threading contract: one owner thread (the UI thread) calls submit(), flush(),
// take_problem() and the destructor; submit() and take_problem() only take a mutex held for
// copying values, never for file I/O, so they do not block on the disk. The writer thread
// only runs the write function. The destructor flushes the last value and joins.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <resonant/engine/settings_file.hpp>

namespace resonant::app {

class SettingsWriter {
 public:
  /// Writes one value to the file; throws (any std::exception) on failure.
  using WriteFn = std::function<void(const std::filesystem::path&, const engine::AppSettings&)>;

  explicit SettingsWriter(std::filesystem::path path, WriteFn write = engine::save_settings);
  ~SettingsWriter();  // writes what is pending, then joins
  SettingsWriter(const SettingsWriter&) = delete;
  SettingsWriter& operator=(const SettingsWriter&) = delete;

  /// Queues this value for writing (replacing a value not yet written). Never waits for I/O.
  void submit(const engine::AppSettings& values);
  /// Waits until every value submitted so far is written (or failed). For tests.
  void flush();
  /// As flush(), but gives up after `timeout` (a stuck disk must not hang the exit); true
  /// when everything submitted is written or failed.
  bool flush_for(std::chrono::milliseconds timeout);
  /// The first write failure as one line for the person, once; nullopt otherwise. After a
  /// failure, later values are still tried (the folder may become writable again).
  std::optional<std::string> take_problem();
  /// Values written successfully so far.
  std::uint64_t writes_done() const;

 private:
  void run();

  std::filesystem::path path_;
  WriteFn write_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;   // the writer: a value is pending or it is time to stop
  std::condition_variable idle_;   // flush(): nothing pending and no write running
  std::optional<engine::AppSettings> pending_;
  bool writing_ = false;
  bool stopping_ = false;
  bool problem_told_ = false;
  std::optional<std::string> problem_;
  std::uint64_t writes_done_ = 0;
  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace resonant::app
