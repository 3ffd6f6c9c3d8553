// The dashboard's settings writer (src/app/settings_writer.hpp): the UI hands over copies,
// the newest one ends up in the file, exit flushes, a failure becomes one message, and the
// UI's call returns while a write is stuck.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include <resonant/engine/settings_file.hpp>

#include "settings_glue.hpp"
#include "settings_writer.hpp"
#include "test_support.hpp"

namespace resonant::app {
namespace {

using resonant::testing::TempDir;

engine::AppSettings with_volume(double volume) {
  engine::AppSettings s;
  s.pacer_volume = volume;
  return s;
}

TEST(SettingsWriter, ManyRapidChangesLeaveTheLastValueInTheFile) {
  TempDir dir;
  const auto path = dir.path() / "resonant" / "settings.toml";
  {
    SettingsWriter writer(path);
    for (int i = 0; i <= 200; ++i) writer.submit(with_volume(i / 200.0));
    writer.flush();
    EXPECT_GE(writer.writes_done(), 1u);
    EXPECT_LE(writer.writes_done(), 201u);
    EXPECT_FALSE(writer.take_problem().has_value());
  }
  const engine::LoadedSettings loaded = engine::load_settings(path);
  EXPECT_TRUE(loaded.problem.empty()) << loaded.problem;
  EXPECT_DOUBLE_EQ(loaded.settings.pacer_volume, 1.0);
}

TEST(SettingsWriter, ExitFlushesTheLastChange) {
  TempDir dir;
  const auto path = dir.path() / "settings.toml";
  {
    SettingsWriter writer(path);
    writer.submit(with_volume(0.25));
    engine::AppSettings last = with_volume(0.75);
    last.theme = "night";
    writer.submit(last);
  }  // no flush(): the destructor writes what is pending and joins
  const engine::LoadedSettings loaded = engine::load_settings(path);
  EXPECT_TRUE(loaded.problem.empty()) << loaded.problem;
  EXPECT_DOUBLE_EQ(loaded.settings.pacer_volume, 0.75);
  EXPECT_EQ(loaded.settings.theme, "night");
}

// Tests run as root, so a read-only folder would still be writable: the config "folder" is
// a regular file instead, which nobody can create a folder in.
TEST(SettingsWriter, AnUnwritableConfigFolderGivesOneMessage) {
  TempDir dir;
  const auto blocker = dir.path() / "resonant";
  std::ofstream(blocker) << "not a folder\n";
  SettingsWriter writer(blocker / "settings.toml");
  writer.submit(with_volume(0.1));
  writer.flush();
  writer.submit(with_volume(0.2));
  writer.flush();
  const auto problem = writer.take_problem();
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("Your settings were not saved"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("resonant"), std::string::npos) << "names the folder: " << *problem;
  EXPECT_FALSE(writer.take_problem().has_value()) << "one message, not one per write";
  EXPECT_EQ(writer.writes_done(), 0u);
}

/// Lets a held write go on at the end of its scope, so a failed assertion (or a submit()
/// that wrongly blocks) never leaves the writer stuck while it is destroyed.
class ReleaseAtExit {
 public:
  explicit ReleaseAtExit(std::promise<void>& p) : promise_(p) {}
  ~ReleaseAtExit() { now(); }
  ReleaseAtExit(const ReleaseAtExit&) = delete;
  ReleaseAtExit& operator=(const ReleaseAtExit&) = delete;
  void now() {
    if (!done_) promise_.set_value();
    done_ = true;
  }

 private:
  std::promise<void>& promise_;
  bool done_ = false;
};

/// Runs `calls` on another thread and says whether it finished within a generous bound: a
/// call that waits for the stuck disk makes the test fail instead of hang.
template <class F>
bool returns_promptly(F calls, ReleaseAtExit& held_write) {
  std::future<void> done = std::async(std::launch::async, std::move(calls));
  const bool prompt = done.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  if (!prompt) held_write.now();  // so the blocked calls (and the future's destructor) finish
  return prompt;
}

// The write function is held on a promise: the UI thread's submit() calls return while the
// writer is stuck in it, and the value submitted meanwhile is the one written next.
TEST(SettingsWriter, SubmitReturnsWhileAWriteIsStuck) {
  std::promise<void> release;
  const std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  std::atomic<int> calls{0};
  std::atomic<double> last_written{-1.0};
  {
    SettingsWriter writer("unused", [&](const std::filesystem::path&, const engine::AppSettings& s) {
      if (calls.fetch_add(1) == 0) {
        entered.set_value();
        released.wait();
      }
      last_written.store(s.pacer_volume);
    });
    ReleaseAtExit guard(release);
    writer.submit(with_volume(0.1));
    entered.get_future().wait();  // the writer is inside the first write now
    EXPECT_TRUE(returns_promptly([&] {
      for (int i = 2; i <= 9; ++i) writer.submit(with_volume(i / 10.0));
    }, guard)) << "submit() waited for the stuck write";
    EXPECT_EQ(calls.load(), 1);
    EXPECT_FALSE(writer.flush_for(std::chrono::milliseconds(50))) << "the write is still stuck";
    guard.now();
    writer.flush();
  }
  EXPECT_EQ(calls.load(), 2) << "the eight changes made meanwhile are one write";
  EXPECT_DOUBLE_EQ(last_written.load(), 0.9);
}

// The frame loop's call (save_changed_settings) with the writer stuck in a write: it returns
// each frame, and the writer's failure reaches the view as one message.
TEST(SettingsGlue, TheFrameCallNeverWaitsAndAFailureReachesTheView) {
  std::promise<void> release;
  const std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  std::atomic<int> calls{0};
  SettingsStore store;
  store.writer = std::make_unique<SettingsWriter>(
      "unused", [&](const std::filesystem::path&, const engine::AppSettings&) {
        if (calls.fetch_add(1) == 0) {
          entered.set_value();
          released.wait();
        }
        throw std::runtime_error("cannot create /nowhere/resonant: read-only file system");
      });
  ReleaseAtExit guard(release);
  ui::ViewState view;
  view.settings.values.theme = "light";
  view.settings.changed = true;
  save_changed_settings(store, view, true);
  entered.get_future().wait();  // the write is stuck now
  EXPECT_TRUE(returns_promptly([&] {
    for (int frame = 0; frame < 5; ++frame) {
      view.settings.values.pacer_volume = frame / 10.0;
      view.settings.changed = true;
      save_changed_settings(store, view, true);  // returns although the writer is stuck
    }
  }, guard)) << "the frame call waited for the stuck write";
  EXPECT_TRUE(view.settings.save_problem.empty());
  guard.now();
  store.writer->flush();
  save_changed_settings(store, view);  // the next frame picks the message up
  EXPECT_NE(view.settings.save_problem.find("Your settings were not saved"), std::string::npos)
      << view.settings.save_problem;
  EXPECT_NE(view.settings.save_problem.find("read-only"), std::string::npos);
  EXPECT_EQ(calls.load(), 2) << "the five frames' changes were one write";
}

}  // namespace
}  // namespace resonant::app
