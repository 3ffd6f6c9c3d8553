// The words a person reads when the signal is poor: the right sensor, the most actionable
// cause first, something to do, and never a word about the heart's health.
#include <resonant/engine/signal_advice.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <resonant/dsp/signal_quality.hpp>

namespace resonant::engine {
namespace {

using dsp::QualityReason;

constexpr std::uint8_t bit(QualityReason r) { return static_cast<std::uint8_t>(r); }
constexpr std::uint8_t kAllReasons = 0x1F;  // the five QualityReason bits
constexpr std::array<ChannelKind, 5> kKinds{ChannelKind::kEcg, ChannelKind::kPpg,
                                            ChannelKind::kResp, ChannelKind::kEda,
                                            ChannelKind::kOther};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

TEST(SignalAdvice, EveryCombinationIsASentenceToActOnAndNeverAlarming) {
  // Words that would turn a sensor problem into a statement about the person's heart.
  const std::array<std::string_view, 8> alarming{"arrhythm", "abnormal", "danger", "warning",
                                                 "irregular", "emergency", "doctor", "fail"};
  for (const ChannelKind kind : kKinds) {
    for (unsigned reasons = 0; reasons <= kAllReasons; ++reasons) {
      for (const bool no_contact : {false, true}) {
        const SignalAdvice a = signal_advice(kind, static_cast<std::uint8_t>(reasons), no_contact);
        const std::string where = std::string(channel_title(kind)) + " reasons " +
                                  std::to_string(reasons) + (no_contact ? " no contact" : "");
        ASSERT_FALSE(a.problem.empty()) << where;
        ASSERT_FALSE(a.action.empty()) << where;
        // "paused — no heart signal": lower case, no full stop of its own.
        EXPECT_TRUE(std::islower(static_cast<unsigned char>(a.problem.front()))) << where;
        EXPECT_NE(a.problem.back(), '.') << where;
        // The action is a sentence: a capital, a full stop.
        EXPECT_TRUE(std::isupper(static_cast<unsigned char>(a.action.front()))) << where;
        EXPECT_EQ(a.action.back(), '.') << where;
        for (const std::string_view word : alarming) {
          EXPECT_EQ(lower(a.problem).find(word), std::string::npos) << where << ": " << a.problem;
          EXPECT_EQ(lower(a.action).find(word), std::string::npos) << where << ": " << a.action;
        }
      }
    }
  }
}

TEST(SignalAdvice, TheMostActionableCauseWins) {
  const std::uint8_t everything = kAllReasons;
  // The device's own contact flag is the surest cause there is.
  EXPECT_EQ(signal_advice(ChannelKind::kEcg, everything, true).problem,
            "the electrodes have no skin contact");
  EXPECT_EQ(signal_advice(ChannelKind::kPpg, 0, true).problem, "the finger is out of the sensor");
  // Then a flat line (unplugged, off the skin), before clipping (a flat line at the rail is
  // both), missing beats, uneven beats and movement.
  EXPECT_EQ(signal_advice(ChannelKind::kEcg, everything, false).problem, "no heart signal");
  EXPECT_EQ(signal_advice(ChannelKind::kEcg,
                          bit(QualityReason::kClipping) | bit(QualityReason::kNoise), false)
                .problem,
            "the heart signal is off the scale");
  EXPECT_EQ(signal_advice(ChannelKind::kEcg,
                          bit(QualityReason::kNoBeats) | bit(QualityReason::kNoise), false)
                .problem,
            "no beats found in the heart signal");
  EXPECT_EQ(signal_advice(ChannelKind::kPpg,
                          bit(QualityReason::kImplausibleBeats) | bit(QualityReason::kNoise),
                          false)
                .problem,
            "some pulse beats could not be timed");
  EXPECT_EQ(signal_advice(ChannelKind::kPpg, bit(QualityReason::kNoise), false).problem,
            "the pulse signal is disturbed by movement");
  // Poor without a named reason: a general word, still with something to do.
  EXPECT_EQ(signal_advice(ChannelKind::kEcg, 0, false).problem, "the heart signal is unclear");
}

TEST(SignalAdvice, EachSensorIsNamedAsThePersonWearsIt) {
  const auto flat = bit(QualityReason::kFlat);
  EXPECT_NE(signal_advice(ChannelKind::kEcg, flat, false).action.find("electrodes"),
            std::string_view::npos);
  EXPECT_NE(signal_advice(ChannelKind::kPpg, flat, false).action.find("fingertip"),
            std::string_view::npos);
  EXPECT_NE(signal_advice(ChannelKind::kResp, flat, false).action.find("belt"),
            std::string_view::npos);
  EXPECT_NE(signal_advice(ChannelKind::kEda, flat, false).action.find("finger electrodes"),
            std::string_view::npos);
  // A strap's own beats: only its contact flag is known.
  EXPECT_EQ(signal_advice(ChannelKind::kOther, 0, true).problem,
            "the strap reports no skin contact");
  EXPECT_EQ(signal_advice(ChannelKind::kOther, flat, false).problem,
            "the sensor's signal is unclear");

  EXPECT_EQ(channel_title(ChannelKind::kEcg), "Heart (ECG)");
  EXPECT_EQ(channel_title(ChannelKind::kPpg), "Pulse (PPG)");
  EXPECT_EQ(channel_title(ChannelKind::kResp), "Breathing belt");
  EXPECT_EQ(channel_title(ChannelKind::kEda), "Skin conductance");
  EXPECT_EQ(channel_title(ChannelKind::kOther), "Sensor");
}

TEST(SignalAdvice, WhileTheSignalRecoversItSaysWhenFeedbackReturns) {
  FeedbackPause pause;
  pause.reasons = bit(QualityReason::kFlat);
  EXPECT_EQ(feedback_pause_advice(ChannelKind::kEcg, pause).problem, "no heart signal");
  pause.recovering = true;
  const SignalAdvice back = feedback_pause_advice(ChannelKind::kEcg, pause);
  EXPECT_EQ(back.problem, "the signal is back");
  // The gate's own resume time, not a number of its own.
  const std::string seconds =
      std::to_string(static_cast<int>(dsp::FeedbackGateConfig{}.resume_after_s)) + " s";
  EXPECT_NE(back.action.find(seconds), std::string_view::npos) << back.action;
}

}  // namespace
}  // namespace resonant::engine
