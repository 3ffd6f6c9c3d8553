#include <resonant/engine/signal_advice.hpp>

#include <array>
#include <cmath>
#include <string>

#include <resonant/dsp/signal_quality.hpp>

namespace resonant::engine {
namespace {

using dsp::QualityReason;

// One row per cause, in the order a person should act on them: a sensor off the skin or
// unplugged first, movement last. `general` is for a poor verdict without a named reason.
struct ChannelWords {
  SignalAdvice no_contact;
  SignalAdvice flat;
  SignalAdvice clipping;
  SignalAdvice no_beats;
  SignalAdvice uneven_beats;
  SignalAdvice noise;
  SignalAdvice general;
};

constexpr ChannelWords kEcgWords{
    {"the electrodes have no skin contact",
     "Check that the strap or electrodes sit against the skin; moistening a strap's electrodes "
     "helps."},
    {"no heart signal",
     "Check that the electrodes touch the skin and that the sensor's cable is plugged in."},
    {"the heart signal is off the scale",
     "Press the electrodes on firmly and keep still; it usually settles within a minute."},
    {"no beats found in the heart signal",
     "Check where the electrodes sit: a strap goes just below the chest muscles."},
    {"some beats could not be timed",
     "Sit still and breathe gently; if it goes on, check the electrodes."},
    {"the heart signal is disturbed by movement",
     "Sit still and let your shoulders and arms rest."},
    {"the heart signal is unclear", "Sit still and check the electrodes."},
};

constexpr ChannelWords kPpgWords{
    {"the finger is out of the sensor", "Rest a fingertip in the sensor, gently."},
    {"no pulse signal",
     "Rest a fingertip gently on the sensor and check that its cable is plugged in."},
    {"the pulse signal is off the scale",
     "Rest the finger more lightly, and keep the sensor out of bright light."},
    {"no pulse beats found",
     "Warm your hand and rest the finger lightly, without pressing."},
    {"some pulse beats could not be timed", "Keep the hand still and relaxed."},
    {"the pulse signal is disturbed by movement",
     "Keep your hand still, resting on something."},
    {"the pulse signal is unclear", "Keep your hand still and warm."},
};

constexpr ChannelWords kBeltWords{
    {"the belt is not connected", "Check the belt's cable."},
    {"the belt does not move",
     "Fasten the belt around the lower ribs, snug but comfortable."},
    {"the belt is stretched to its limit", "Loosen the belt a notch."},
    {"the belt signal is unclear", "Check that the belt sits around the lower ribs."},
    {"the belt signal is unclear", "Check that the belt sits around the lower ribs."},
    {"the belt signal is disturbed by movement", "Sit still and breathe as you are."},
    {"the belt signal is unclear", "Check that the belt sits around the lower ribs."},
};

constexpr ChannelWords kEdaWords{
    {"the skin-conductance electrodes have no contact",
     "Check that the finger electrodes touch the skin."},
    {"no skin-conductance signal", "Check that the finger electrodes touch the skin."},
    {"the skin-conductance signal is off the scale",
     "Check the finger electrodes; dry the fingers if they are wet."},
    {"the skin-conductance signal is unclear", "Check the finger electrodes."},
    {"the skin-conductance signal is unclear", "Check the finger electrodes."},
    {"the skin-conductance signal is disturbed by movement",
     "Keep the hand with the electrodes still."},
    {"the skin-conductance signal is unclear", "Check the finger electrodes."},
};

// Beats the device detected itself (chest straps): the device says only whether it has
// contact, and our own verdicts never run.
constexpr SignalAdvice kStrapNoContact{
    "the strap reports no skin contact",
    "Moisten the strap's electrodes and fasten it snugly just below the chest muscles."};
constexpr SignalAdvice kSensorUnclear{"the sensor's signal is unclear",
                                      "Check that the sensor sits well."};

const ChannelWords* words_for(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEcg: return &kEcgWords;
    case ChannelKind::kPpg: return &kPpgWords;
    case ChannelKind::kResp: return &kBeltWords;
    case ChannelKind::kEda: return &kEdaWords;
    case ChannelKind::kOther: return nullptr;
  }
  return nullptr;
}

// A flat line at the amplifier's rail is also clipping: flat (unplugged, off the skin) is the
// surer cause. Movement comes last: it often rides along with the others.
constexpr std::array<QualityReason, 5> kReasonsByPriority{
    QualityReason::kFlat, QualityReason::kClipping, QualityReason::kNoBeats,
    QualityReason::kImplausibleBeats, QualityReason::kNoise};

bool has(std::uint8_t reasons, QualityReason r) {
  return (reasons & static_cast<std::uint8_t>(r)) != 0;
}

/// "Feedback returns after 5 s of steady signal." from the gate's own setting.
std::string recovering_action() {
  const double s = dsp::FeedbackGateConfig{}.resume_after_s;
  return "Feedback returns after " + std::to_string(static_cast<int>(std::lround(s))) +
         " s of steady signal.";
}

}  // namespace

std::string_view channel_title(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEcg: return "Heart (ECG)";
    case ChannelKind::kPpg: return "Pulse (PPG)";
    case ChannelKind::kResp: return "Breathing belt";
    case ChannelKind::kEda: return "Skin conductance";
    case ChannelKind::kOther: return "Sensor";
  }
  return "Sensor";
}

std::uint8_t main_quality_reason(std::uint8_t reasons) {
  for (const QualityReason r : kReasonsByPriority) {
    if (has(reasons, r)) return static_cast<std::uint8_t>(r);
  }
  return 0;
}

SignalAdvice signal_advice(ChannelKind kind, std::uint8_t reasons, bool no_contact) {
  const ChannelWords* w = words_for(kind);
  if (w == nullptr) return no_contact ? kStrapNoContact : kSensorUnclear;
  if (no_contact) return w->no_contact;
  switch (static_cast<QualityReason>(main_quality_reason(reasons))) {
    case QualityReason::kFlat: return w->flat;
    case QualityReason::kClipping: return w->clipping;
    case QualityReason::kNoBeats: return w->no_beats;
    case QualityReason::kImplausibleBeats: return w->uneven_beats;
    case QualityReason::kNoise: return w->noise;
  }
  return w->general;
}

SignalAdvice feedback_pause_advice(ChannelKind kind, const FeedbackPause& pause) {
  if (pause.recovering) {
    static const std::string action = recovering_action();
    return {"the signal is back", action};
  }
  return signal_advice(kind, pause.reasons, pause.no_contact);
}

std::string sensor_check_line(ChannelKind kind, dsp::QualityLevel level, std::uint8_t reasons,
                              bool no_contact) {
  const std::string title = std::string(channel_title(kind)) + ": ";
  const SignalAdvice advice = signal_advice(kind, reasons, no_contact);
  const std::string words = std::string(advice.problem) + ". " + std::string(advice.action);
  if (no_contact) return title + words;
  const std::string level_words = level == dsp::QualityLevel::kUnusable
                                      ? std::string("no usable signal")
                                      : std::string(dsp::to_string(level));
  if (level <= dsp::QualityLevel::kPoor) return title + level_words + " \xE2\x80\x94 " + words;
  return title + level_words;
}

}  // namespace resonant::engine
