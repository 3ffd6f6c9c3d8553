#include "settings_writer.hpp"

#include <pthread.h>

#include <exception>
#include <utility>

namespace resonant::app {

SettingsWriter::SettingsWriter(std::filesystem::path path, WriteFn write)
    : path_(std::move(path)), write_(std::move(write)), thread_([this] { run(); }) {}

SettingsWriter::~SettingsWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();  // run() writes what is pending before it returns
}

void SettingsWriter::submit(const engine::AppSettings& values) {
  {
    const std::lock_guard lock(mutex_);
    pending_ = values;
  }
  wake_.notify_one();
}

void SettingsWriter::flush() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return !pending_ && !writing_; });
}

bool SettingsWriter::flush_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return !pending_ && !writing_; });
}

std::optional<std::string> SettingsWriter::take_problem() {
  const std::lock_guard lock(mutex_);
  return std::exchange(problem_, std::nullopt);
}

std::uint64_t SettingsWriter::writes_done() const {
  const std::lock_guard lock(mutex_);
  return writes_done_;
}

void SettingsWriter::run() {
  pthread_setname_np(pthread_self(), "settings-write");  // named for top/gdb (architecture §threads)
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    if (!pending_) return;  // stopping with nothing left to write
    const engine::AppSettings values = std::move(*pending_);
    pending_.reset();
    writing_ = true;
    lock.unlock();
    std::optional<std::string> failure;
    try {
      write_(path_, values);
    } catch (const std::exception& e) {
      failure = "Your settings were not saved: " + std::string(e.what());
    } catch (...) {
      failure = "Your settings were not saved (an unknown error while writing the file).";
    }
    lock.lock();
    writing_ = false;
    if (failure && !problem_told_) {
      problem_ = std::move(failure);
      problem_told_ = true;  // one message, not one per slider step
    } else if (!failure) {
      ++writes_done_;
    }
    if (!pending_) idle_.notify_all();
  }
}

}  // namespace resonant::app
