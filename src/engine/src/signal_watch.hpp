#pragma once
// When a channel's sensor check is news (engine_event.hpp's SignalRecord): the first settled
// verdict, then each turn between usable and poor. A state counts once two verdicts in a row
// agree, so a single odd second never makes a line. Pure; one per channel; pipeline thread.
#include <cstddef>
#include <cstdint>
#include <optional>

#include <resonant/dsp/signal_quality.hpp>

namespace resonant::engine::detail {

/// A sensor check line that is news: engine_event.hpp's SignalRecord, by channel id.
struct SignalNews {
  std::size_t channel = 0;  // RSP channel id
  double t_s = 0.0;         // session time of the channel's newest sample
  dsp::QualityLevel level = dsp::QualityLevel::kUnusable;
  std::uint8_t reasons = 0;  // dsp::QualityReason bits
  bool no_contact = false;
  bool first = false;
};

class SignalWatch {
 public:
  enum class News : std::uint8_t { kNone, kFirst, kChanged };

  /// Verdicts in a row that must agree before a state counts.
  static constexpr int kVerdictsToAgree = 2;

  /// One verdict: usable = fair or good, and the device does not say the sensor is off.
  News push(bool usable) {
    if (announced_ && *announced_ == usable) {
      streak_ = 0;
      return News::kNone;
    }
    streak_ = streak_ > 0 && candidate_ == usable ? streak_ + 1 : 1;
    candidate_ = usable;
    if (streak_ < kVerdictsToAgree) return News::kNone;
    const News news = announced_ ? News::kChanged : News::kFirst;
    announced_ = usable;
    streak_ = 0;
    return news;
  }

  /// A new description of the channel: its next settled verdict is a first one again.
  void reset() { *this = SignalWatch{}; }

 private:
  std::optional<bool> announced_;
  bool candidate_ = false;
  int streak_ = 0;
};

}  // namespace resonant::engine::detail
