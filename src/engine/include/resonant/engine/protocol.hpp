#pragma once
// Session protocols as data: a TOML file of steps, each with a duration, pacer settings, the
// instruction shown to the person and whether feedback shows. Shipped protocols live in
// src/engine/protocols/*.toml; users and therapists write their own (README "Protocols").
//
//   [protocol]
//   name = "Resonance assessment"          # required
//   description = "..."                    # optional
//   settle_breaths = 12                    # optional: once the person keeps up with the pacer
//                                          # at its target rate for this many breaths in a row,
//                                          # go on to the next fade_out step (ends early)
//   time_limit_min = 15                    # optional: go on to the next fade_out step early
//                                          # enough that the protocol ends by this time
//                                          # (both need a fade_out step)
//
//   [[step]]
//   name = "6.5 breaths/min"               # required
//   duration_s = 120                       # or duration_min = 2; (0, kMaxStepS]
//   instruction = "Breathe with the circle"
//   feedback = true                        # default true
//   pacer = "off"                          # or a table:
//   pacer = { rate_bpm = 6.5, inhale_fraction = 0.4, hold_after_inhale_s = 0, hold_after_exhale_s = 0 }
//   rate_from = "client_resonance"         # optional: the client's stored resonance rate, or
//                                          # "measured": the breathing rate measured when the
//                                          # step starts (rate_bpm is then the fallback)
//   rate_end_bpm = 5.5                     # optional ramp: rate changes gradually to this
//                                          # (or "client_resonance": to the client's rate)
//   fade_out = true                        # optional: the pacer hands over to free breathing
//                                          # (views fade the circle; the pacer stops at its end)
//   kind = "assessment_block"              # optional: data scored by the resonance assessment
//
// Every error names file:line and the field, e.g.
//   "protocols/x.toml:12: rate_bpm 12 is outside 3..10".
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/common/pacer.hpp>

namespace resonant::engine {

inline constexpr double kMaxStepS = 4.0 * 3600.0;   // one step of at most four hours
inline constexpr std::size_t kMaxProtocolSteps = 200;

/// Where a step's pacer rate comes from when the step starts.
enum class RateSource : std::uint8_t {
  kFixed,            // rate_bpm as written
  kClientResonance,  // the client's recommended rate from their last assessment
  kMeasured,         // the breathing rate measured at the step's start (rate_bpm if none)
};
std::string_view to_string(RateSource source);

enum class StepKind : std::uint8_t {
  kNormal,
  kAssessmentBlock,  // a paced block the resonance assessment scores
};
std::string_view to_string(StepKind kind);

struct ProtocolStep {
  std::string name;
  double duration_s = 60.0;          // (0, kMaxStepS]
  std::string instruction;
  bool feedback = true;              // whether heart-rate feedback shows during the step
  bool pacer_enabled = false;        // false: pacer = "off"
  PacerSettings pacer{};             // valid when pacer_enabled
  RateSource rate_from = RateSource::kFixed;
  std::optional<double> rate_end_bpm;  // ramp target, [kPacerMinRateBpm, kPacerMaxRateBpm]
  bool ramp_to_client_resonance = false;  // ramp target = the client's resonance rate
  bool fade_out = false;
  StepKind kind = StepKind::kNormal;
  int line = 0;                      // where the step starts in its file (for messages)
};

inline constexpr std::uint32_t kMinSettleBreaths = 3;
inline constexpr std::uint32_t kMaxSettleBreaths = 200;
/// "At the target" for settle_breaths: the measured rate within this of the pacer's rate.
inline constexpr double kSettledRateToleranceBpm = 0.5;

/// Why a step started before its scheduled time (settle_breaths, time_limit_min).
enum class EarlyReason : std::uint8_t { kNone, kSettled, kTimeLimit };
/// "", "breathing has settled", "time limit".
std::string_view to_string(EarlyReason reason);

struct Protocol {
  std::string name;
  std::string description;
  std::optional<std::uint32_t> settle_breaths;  // [kMinSettleBreaths, kMaxSettleBreaths]
  std::optional<double> time_limit_s;           // (0, steps' total]
  std::string source;  // file path (or a label for text parsed in memory)
  std::vector<ProtocolStep> steps;

  double duration_s() const;
  bool has_assessment() const;
  /// A step ends in a fade_out: only then can a time limit (time_limit_min,
  /// StartProtocolCommand::time_limit_s) shorten the protocol.
  bool has_fade_out() const;
  /// A step takes its rate from, or ramps to, the client's resonance rate.
  bool needs_client_resonance() const;
};

/// A protocol file that cannot be used; what() is "file:line: what is wrong".
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses protocol text; source_name is used in messages. Throws ProtocolError.
Protocol parse_protocol(std::string_view text, std::string_view source_name);

/// Reads and parses a file. Throws ProtocolError (also for a file that cannot be read).
Protocol load_protocol_file(const std::string& path);

}  // namespace resonant::engine
