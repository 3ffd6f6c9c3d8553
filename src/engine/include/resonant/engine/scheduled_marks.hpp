#pragma once
// Office-mode markers given ahead of time, `--mark SECONDS:LABEL[:end|:note]` (resonant-cli
// session and the resonant dashboard share this parser): the exercise blocks' start, end and
// notes, posted as MarkCommands once the session's data reach each time.
//
// Threading contract: ScheduledMark is a plain value; a MarkScheduler belongs to the one
// thread that polls it (the CLI's controller loop or the dashboard's UI thread).
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <resonant/engine/command.hpp>

namespace resonant::engine {

struct ScheduledMark {
  double t_s = 0.0;  // session time, >= 0
  MarkKind kind = MarkKind::kBlockStart;
  std::string text;
};

/// The marks in time order; nullopt with error set (one line naming the bad --mark) when one
/// is malformed.
std::optional<std::vector<ScheduledMark>> parse_marks(const std::vector<std::string>& specs,
                                                      std::string& error);

/// Posts each mark once the data reach its time.
class MarkScheduler {
 public:
  explicit MarkScheduler(std::vector<ScheduledMark> marks) : marks_(std::move(marks)) {}
  /// Posts the marks due at data time data_s (NaN: none yet), in order, through
  /// `post(MarkCommand) -> bool`; a mark the engine does not take (its command queue is
  /// full) stays due and is offered again on the next call, with its own time.
  template <class Post>
  void post_due(double data_s, Post&& post) {
    while (next_ < marks_.size() && !std::isnan(data_s) && data_s >= marks_[next_].t_s) {
      if (!post(command_for(marks_[next_]))) return;
      ++next_;
    }
  }

 private:
  static MarkCommand command_for(const ScheduledMark& m);

  std::vector<ScheduledMark> marks_;
  std::size_t next_ = 0;
};

}  // namespace resonant::engine
