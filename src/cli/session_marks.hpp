#pragma once
// resonant-cli session --mark SECONDS:LABEL[:end|:note]: markers posted at session times (the
// office mode's exercise blocks), and the response cards printed at the end.
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <resonant/engine/command.hpp>
#include <resonant/engine/snapshot.hpp>

namespace resonant::cli {

struct ScheduledMark {
  double t_s = 0.0;  // session time
  engine::MarkKind kind = engine::MarkKind::kBlockStart;
  std::string text;
};

/// The marks in time order; nullopt with error set when one is malformed.
std::optional<std::vector<ScheduledMark>> parse_marks(const std::vector<std::string>& specs,
                                                      std::string& error);

/// Posts each mark once the data reach its time. Threading: the controller thread only.
class MarkScheduler {
 public:
  explicit MarkScheduler(std::vector<ScheduledMark> marks) : marks_(std::move(marks)) {}
  /// The commands due at data time data_s (NaN: none yet), in order.
  std::vector<engine::MarkCommand> due(double data_s);

 private:
  std::vector<ScheduledMark> marks_;
  std::size_t next_ = 0;
};

/// One line (or JSON object, type "response_card") per card.
void print_response_cards(std::FILE* out, std::span<const engine::ExerciseCard> cards, bool json_lines);

}  // namespace resonant::cli
