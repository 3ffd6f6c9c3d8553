#pragma once
// The rows a live session records, as plain data (no engine or dsp types: the engine converts
// its records into these). A Recorder takes them in order through its queue; SessionWriter
// writes them. Times: t_us = session time in microseconds; *_unix_us = wall clock.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <resonant/common/channel.hpp>
#include <resonant/common/fixed_text.hpp>

namespace resonant::storage {

/// Starts the session row (status "recording"); must come before every other row.
struct BeginSessionRow {
  std::string client = "me";       // created if missing
  std::string source;              // device description
  std::int64_t started_unix_us = 0;
};

/// Consecutive samples of one channel, in its physical unit, starting at t_first_us.
struct SampleChunkRow {
  std::uint8_t channel = 0;        // device channel id
  ChannelKind kind = ChannelKind::kOther;
  double rate_hz = 0.0;            // (0, 100000]
  std::int64_t t_first_us = 0;
  std::vector<float> values;
};

inline constexpr std::uint8_t kBeatFlagAfterGap = 0x01;     // no interval: first beat of a series
inline constexpr std::uint8_t kBeatFlagImplausible = 0x02;  // RR outside the plausible range
// With kBeatFlagImplausible: the beat came too soon (a double detection) and was left out; the
// series goes on from the beat before it, so this is no break (sessions before 2026-11 lack it).
inline constexpr std::uint8_t kBeatFlagTooSoon = 0x04;

/// One beat and the raw interval ending at it (NaN: none).
struct BeatRow {
  std::int64_t t_us = 0;
  double rr_ms = 0.0;
  ChannelKind source = ChannelKind::kOther;  // kOther: detected by the device itself
  std::uint8_t flags = 0;
};

/// The artifact label of the raw interval ending at the beat at t_us, decided later.
struct BeatLabelRow {
  std::int64_t t_us = 0;
  FixedText<15> label;  // "normal", "ectopic", "long", "short", "missed", "extra"
};

/// One interval of the corrected (NN) series.
struct NnRow {
  std::int64_t t_us = 0;
  double nn_ms = 0.0;
  bool after_gap = false;
};

/// A value of a metric timeline; NaN means "not available from here on".
struct MetricRow {
  std::int64_t t_us = 0;
  const char* name = "";  // static storage, e.g. "hr_bpm", "coherence_ratio"
  double value = 0.0;
};

/// Something that happened at t_us: kind "mark" (the person's), "link", "gap", "stream".
struct MarkerRow {
  std::int64_t t_us = 0;
  FixedText<15> kind;
  std::string text;
};

/// The pacer from t_us on.
struct PacerRow {
  std::int64_t t_us = 0;
  bool enabled = true;
  double rate_bpm = 6.0;
  double inhale_fraction = 0.4;
  double hold_in_s = 0.0;
  double hold_out_s = 0.0;
};

/// An assessment result of this session (e.g. kind "resonance"), stored with the client
/// through the session; result_json is the whole result table.
struct AssessmentRow {
  std::string kind;
  std::string result_json;
};

/// A 0..10 self-rating on a named scale (e.g. "calm_before"), at session time t_us.
struct RatingRow {
  FixedText<31> scale;
  double value = 0.0;
  std::int64_t t_us = 0;
};

/// Whole-session figures so far, kept on the session row at every commit (so a crash leaves
/// a session that describes itself up to its last commit).
struct ProgressRow {
  std::int64_t last_t_us = 0;
  std::int64_t beats = 0;
  double mean_hr_bpm = 0.0;
  double rmssd_ms = 0.0;
  double sdnn_ms = 0.0;
};

/// The session ended normally: final figures, status "complete".
struct EndSessionRow {
  ProgressRow final_figures;
  std::int64_t ended_unix_us = 0;
};

using Row = std::variant<BeginSessionRow, SampleChunkRow, BeatRow, BeatLabelRow, NnRow, MetricRow,
                         MarkerRow, PacerRow, ProgressRow, EndSessionRow, AssessmentRow, RatingRow>;

}  // namespace resonant::storage
