#pragma once
// A recording (a file, or a stored session) as the SensorEvents a device would send, so the
// live pipeline can run over it: an import stores it as a session, a replay shows it again.
//
// Device time is the recording's own time (t_dev_us = recording seconds, wrapping like a
// device counter); the consumer stamps t_rx at each event's first sample, so the time mapper
// sees a device whose data arrive exactly when their device time says (no latency, jitter or
// drift to correct) and session time follows the recording exactly.
// Events come out in time order: a DeviceInfo, a ChannelInfo per channel, then sample blocks
// of every channel and device beats merged by time. A hole between stored chunks of a channel
// is a jump of device time, which the pipeline treats as a break of the series.
//
// Threading contract: a plain value; a PlaybackCursor is used by one thread.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include <resonant/common/channel.hpp>
#include <resonant/drivers/sensor_event.hpp>
#include <resonant/engine/file_source.hpp>

namespace resonant::engine::detail {

/// Consecutive samples of one channel starting at t0_s (recording time).
struct PlaySegment {
  std::uint8_t channel = 0;
  ChannelKind kind = ChannelKind::kOther;
  double rate_hz = 0.0;
  double t0_s = 0.0;
  std::vector<float> values;
};

/// A beat timed by the recording itself (an RR list, a strap's stored beats).
struct PlayBeat {
  double t_s = 0.0;
  double rr_ms = 0.0;      // interval ending here; NaN or 0 after a gap
};

struct Playback {
  std::string device_name;             // shown as the session's source
  std::vector<PlaySegment> segments;   // any order
  std::vector<PlayBeat> beats;         // by time
  double end_s = 0.0;                  // time of the last sample or beat
  // The recording's own start (its header's date and time, local time), when it states one.
  std::optional<std::int64_t> start_unix_us;
  std::vector<std::string> reading_notes;  // records::RecordInfo's: doubts on how it was read
};

/// "HH:MM:SS[.frac] DD/MM/YYYY" (records::RecordInfo::start_time, from an EDF header or a WFDB
/// header's base time and date) as local wall-clock microseconds since 1970; nullopt when
/// there is no date, it does not parse, or it is EDF+'s anonymous 01/01/1985.
std::optional<std::int64_t> record_start_unix_us(std::string_view start_time);

/// Whether a start is EDF+'s anonymous 01/01/1985 (the date withheld on purpose).
bool is_withheld_start(std::string_view start_time);

/// The chosen channel of a file (with a respiration belt or EDA channel beside it, when the
/// file has one), or its RR intervals as beats. Throws FileSourceError.
Playback playback_of_file(const FileSource& source);

/// Everything a stored session recorded: its waveform chunks, or its beats when it had no
/// waveform (a strap). Throws std::runtime_error (unknown session, unreadable database).
Playback playback_of_session(const std::filesystem::path& database, std::int64_t session_id);

class PlaybackCursor {
 public:
  /// clock_speed: recording seconds per real second, announced in the DeviceInfo.
  PlaybackCursor(const Playback& playback, double clock_speed);

  /// The next event and its recording time t_s (t_rx left for the caller: stamp it at t_s so
  /// the data arrive exactly when their device time says); false at the end.
  bool next(drivers::SensorEvent& out, double& t_s);

 private:
  struct Block {
    double t_s;
    std::size_t segment;  // index into segments, or npos for a beat
    std::size_t offset;   // first sample of the block, or the beat's index
  };
  const Playback& playback_;
  std::vector<drivers::SensorEvent> header_;
  std::vector<Block> blocks_;  // sorted by time
  std::size_t next_header_ = 0;
  std::size_t next_block_ = 0;
};

}  // namespace resonant::engine::detail
