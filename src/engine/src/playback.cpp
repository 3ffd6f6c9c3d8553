#include "playback.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>

#include <resonant/engine/session_import.hpp>
#include <resonant/storage/session_reader.hpp>

#include "file_channel.hpp"

namespace resonant::engine::detail {
namespace {

constexpr double kMicrosecondsPerSecond = 1e6;
constexpr double kMillisecondsPerSecond = 1e3;
constexpr std::size_t kBeatBlock = std::numeric_limits<std::size_t>::max();
constexpr std::uint8_t kMainChannel = 0;

ChannelKind channel_kind_of(SignalChoice s) {
  switch (s) {
    case SignalChoice::kEcg: return ChannelKind::kEcg;
    case SignalChoice::kPpg: return ChannelKind::kPpg;
    case SignalChoice::kResp: return ChannelKind::kResp;
    case SignalChoice::kEda: return ChannelKind::kEda;
    case SignalChoice::kRr:
    case SignalChoice::kAutomatic: break;
  }
  return ChannelKind::kOther;
}

ChannelKind channel_kind_named(std::string_view name) {
  for (auto k : {ChannelKind::kEcg, ChannelKind::kPpg, ChannelKind::kResp, ChannelKind::kEda}) {
    if (to_string(k) == name) return k;
  }
  return ChannelKind::kOther;
}

/// Splits a channel at invalid (NaN) samples: each valid run is a segment.
void add_valid_runs(Playback& p, std::uint8_t channel, ChannelKind kind, double rate_hz,
                    const std::vector<float>& values) {
  std::size_t i = 0;
  while (i < values.size()) {
    while (i < values.size() && std::isnan(values[i])) ++i;
    const std::size_t start = i;
    while (i < values.size() && !std::isnan(values[i])) ++i;
    if (i == start) continue;
    PlaySegment seg{channel, kind, rate_hz, static_cast<double>(start) / rate_hz,
                    std::vector<float>(values.begin() + static_cast<std::ptrdiff_t>(start),
                                       values.begin() + static_cast<std::ptrdiff_t>(i))};
    p.end_s = std::max(p.end_s, static_cast<double>(i - 1) / rate_hz);
    p.segments.push_back(std::move(seg));
  }
}

/// t0_s: the list's time of session start (the first interval's start for an RR list; the
/// record's start, 0, for annotated beats, so the session keeps the header's start time).
void add_rr_list(Playback& p, const std::vector<records::RrInterval>& list,
                 std::optional<double> t0_s) {
  if (list.empty()) return;
  const double t0 = t0_s.value_or(rr_start_s(list.front()));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const records::RrInterval& r = list[i];
    if (i == 0 || hole_between(list[i - 1], r)) {
      // The beat that starts a series: its own time, no interval.
      p.beats.push_back({rr_start_s(r) - t0, std::numeric_limits<double>::quiet_NaN()});
    }
    p.beats.push_back({r.t_s - t0, r.rr_ms});
  }
  p.end_s = list.back().t_s - t0;
}

std::uint32_t device_us(double t_s) {
  // The device counter wraps like a real one (the pipeline unwraps it).
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(std::llround(t_s * kMicrosecondsPerSecond)));
}

}  // namespace

bool is_withheld_start(std::string_view start_time) {
  constexpr int kEdfAnonymousYear = 1985;  // EDF+ "01.01.85": start date withheld
  int hour = 0, minute = 0, day = 0, month = 0, year = 0;
  double seconds = 0.0;
  const std::string text(start_time);
  return std::sscanf(text.c_str(), "%d:%d:%lf %d/%d/%d", &hour, &minute, &seconds, &day, &month,
                     &year) == 6 &&
         year == kEdfAnonymousYear && month == 1 && day == 1;
}

std::optional<std::int64_t> record_start_unix_us(std::string_view start_time) {
  std::tm tm{};
  double seconds = 0.0;
  char rest = 0;
  const std::string text(start_time);
  if (std::sscanf(text.c_str(), "%d:%d:%lf %d/%d/%d %c", &tm.tm_hour, &tm.tm_min, &seconds, &tm.tm_mday, &tm.tm_mon,
                  &tm.tm_year, &rest) != 6) {
    return std::nullopt;
  }
  if (is_withheld_start(start_time)) return std::nullopt;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      !(seconds >= 0.0 && seconds < 61.0)) {
    return std::nullopt;
  }
  tm.tm_mon -= 1;         // struct tm months count from 0
  tm.tm_year -= 1900;     // and years from 1900
  tm.tm_isdst = -1;       // the recording's local time, summer time as it was then
  const double whole = std::floor(seconds);
  tm.tm_sec = static_cast<int>(whole);
  const int day = tm.tm_mday;
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  if (tm.tm_mday != day) return std::nullopt;  // 31/02 would roll over into March
  return static_cast<std::int64_t>(t) * static_cast<std::int64_t>(kMicrosecondsPerSecond) +
         std::llround((seconds - whole) * kMicrosecondsPerSecond);
}

Playback playback_of_file(const FileSource& source) {
  FileChannel file = open_file_channel(source);
  Playback p;
  p.device_name = std::string(kImportedSourcePrefix) + source.path.filename().string();
  const std::string& start = file.record->info().start_time;
  p.start_unix_us = record_start_unix_us(start);
  p.reading_notes = file.record->info().reading_notes;
  // A date that is there but is none (32/13/2020): said, not passed over in silence.
  if (!p.start_unix_us && start.find('/') != std::string::npos && !is_withheld_start(start)) {
    p.reading_notes.push_back("its start '" + start +
                              "' is no real date and time (hh:mm:ss dd/mm/yyyy): the session "
                              "is dated at the import");
  }
  if (file.signal == SignalChoice::kRr) {
    add_rr_list(p, rr_list_of(file),
                file.annotator.empty() ? std::nullopt : std::optional<double>(0.0));
    return p;
  }
  const auto& info = file.record->info();
  add_valid_runs(p, kMainChannel, channel_kind_of(file.signal), file.info->sample_rate_hz,
                 read_channel(*file.record, file.info->index));
  std::uint8_t channel = kMainChannel;
  for (SignalChoice companion : {SignalChoice::kResp, SignalChoice::kEda}) {
    const records::ChannelInfo* c = find_companion(info, companion);
    if (c == nullptr || c == file.info || !(c->sample_rate_hz > 0.0)) continue;
    add_valid_runs(p, ++channel, channel_kind_of(companion), c->sample_rate_hz,
                   read_channel(*file.record, c->index));
  }
  return p;
}

Playback playback_of_session(const std::filesystem::path& database, std::int64_t session_id) {
  storage::OpenOptions options;
  options.read_only = true;
  storage::Database db = storage::Database::open(database, options);
  storage::StoredSession s = storage::read_session(db, session_id);
  Playback p;
  p.device_name = std::string(kReplaySourcePrefix) + std::to_string(session_id);
  // Replayed time starts at the session's first stored sample or beat.
  std::int64_t first_us = std::numeric_limits<std::int64_t>::max();
  for (const auto& c : s.chunks) first_us = std::min(first_us, c.t_first_us);
  for (const auto& b : s.beats) first_us = std::min(first_us, b.t_us);
  const double first_s =
      s.chunks.empty() && s.beats.empty() ? 0.0 : static_cast<double>(first_us) / kMicrosecondsPerSecond;
  bool waveform_beats = false;
  for (storage::StoredSampleChunk& c : s.chunks) {
    const ChannelKind kind = channel_kind_named(c.kind);
    waveform_beats = waveform_beats || kind == ChannelKind::kEcg || kind == ChannelKind::kPpg;
    PlaySegment seg{c.channel, kind, c.rate_hz,
                    static_cast<double>(c.t_first_us) / kMicrosecondsPerSecond - first_s,
                    std::move(c.values)};
    p.end_s = std::max(p.end_s, seg.t0_s + static_cast<double>(seg.values.size()) / seg.rate_hz);
    p.segments.push_back(std::move(seg));
  }
  if (!waveform_beats) {  // a strap's beats: play them as the device sent them
    for (const storage::StoredBeat& b : s.beats) {
      const double t = static_cast<double>(b.t_us) / kMicrosecondsPerSecond - first_s;
      p.beats.push_back({t, (b.flags & storage::kBeatFlagAfterGap) != 0 ? std::nan("") : b.rr_ms});
      p.end_s = std::max(p.end_s, t);
    }
  }
  return p;
}

PlaybackCursor::PlaybackCursor(const Playback& playback, double clock_speed) : playback_(playback) {
  drivers::DeviceInfo device;
  device.clock_speed = clock_speed;
  device.name.assign(playback.device_name);
  header_.emplace_back(device);
  std::vector<bool> described(256, false);
  for (std::size_t i = 0; i < playback.segments.size(); ++i) {
    const PlaySegment& seg = playback.segments[i];
    if (!described[seg.channel]) {
      described[seg.channel] = true;
      drivers::ChannelInfo ch;
      ch.channel = seg.channel;
      ch.kind = seg.kind;
      ch.rate_hz = seg.rate_hz;
      ch.name.assign(to_string(seg.kind));
      header_.emplace_back(ch);
    }
    for (std::size_t off = 0; off < seg.values.size(); off += drivers::kMaxSamplesPerBlock) {
      blocks_.push_back({seg.t0_s + static_cast<double>(off) / seg.rate_hz, i, off});
    }
  }
  for (std::size_t i = 0; i < playback.beats.size(); ++i) {
    blocks_.push_back({playback.beats[i].t_s, kBeatBlock, i});
  }
  // Stamped at their first sample (t_rx = device time): the time mapper then sees no latency
  // at all, so it has nothing to correct and session time follows the recording exactly.
  std::stable_sort(blocks_.begin(), blocks_.end(),
                   [](const Block& a, const Block& b) { return a.t_s < b.t_s; });
}

bool PlaybackCursor::next(drivers::SensorEvent& out, double& t_s) {
  if (next_header_ < header_.size()) {
    out = header_[next_header_++];
    t_s = blocks_.empty() ? 0.0 : std::max(0.0, blocks_.front().t_s);
    return true;
  }
  if (next_block_ >= blocks_.size()) return false;
  const Block& b = blocks_[next_block_++];
  t_s = b.t_s;
  if (b.segment == kBeatBlock) {
    const PlayBeat& beat = playback_.beats[b.offset];
    drivers::DeviceBeat d;
    d.t_dev_us = device_us(beat.t_s);
    const bool gap = !(beat.rr_ms > 0.0);
    d.rr_us = gap ? 0u : static_cast<std::uint32_t>(std::llround(beat.rr_ms * kMillisecondsPerSecond));
    d.flags = gap ? drivers::kBeatAfterGap : 0;
    out = d;
    return true;
  }
  const PlaySegment& seg = playback_.segments[b.segment];
  drivers::SampleBlock block;
  block.channel = seg.channel;
  block.count = static_cast<std::uint16_t>(
      std::min(drivers::kMaxSamplesPerBlock, seg.values.size() - b.offset));
  block.t_dev_us = device_us(seg.t0_s + static_cast<double>(b.offset) / seg.rate_hz);
  std::copy_n(seg.values.begin() + static_cast<std::ptrdiff_t>(b.offset), block.count,
              block.values.begin());
  out = block;
  return true;
}

}  // namespace resonant::engine::detail
