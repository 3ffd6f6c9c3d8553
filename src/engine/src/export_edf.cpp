// EDF+ export through Debian's EDFlib.
//
// Data records: EDF stores a whole number of samples per record for each signal, so the
// record lasts the shortest whole number of seconds (1..60) in which every channel's rate
// gives a whole number of samples (1 s for the usual integer rates). A rate that fits no such
// record is refused with a message rather than resampled: an export must hold the samples as
// recorded.
//
// Gaps: EDF is continuous, stored samples are not (a lost link, a late channel). Where a
// channel has no sample the file holds the channel's physical minimum (digital -32768), which
// lies one step below the smallest recorded value, and an annotation "gap: no ECG samples"
// covers the stretch. The file starts at the first stored sample; annotations are placed
// relative to it (session markers, link events and gaps). Beats are not annotated (thousands
// per session; they are in the CSV and Kubios exports).
#include <edflib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include <resonant/common/channel.hpp>
#include <resonant/records/edf_layout.hpp>

#include "export_formats.hpp"
#include "private_file.hpp"

namespace resonant::engine::exports {
namespace {

constexpr int kDigitalMin = -32768;  // gaps
constexpr int kDigitalMax = 32767;
constexpr int kDataDigitalSteps = kDigitalMax - (kDigitalMin + 1);  // data spans -32767..32767
constexpr int kMaxRecordSeconds = 60;                               // EDFlib's limit
constexpr double kWholeSamplesTolerance = 1e-6;
constexpr int kHeaderNumberChars = 8;            // EDF header fields for physical min/max
constexpr long long kEdfAnnotationUnitsPerSecond = 10'000;  // EDFlib: 100 us units
constexpr int kEdfDurationUnitsPerSecond = 100'000;         // EDFlib: 10 us units
constexpr int kMaxAnnotationSignals = 64;
// The EDF+ anonymous start date (01.01.85 00.00.00).
constexpr int kAnonymousYear = 1985;

struct EdfChannel {
  std::string label;   // "ECG", or "ECG 2" when a kind repeats
  std::string unit;    // "mV", "uS", "au"
  double rate_hz = 0.0;
  int samples_per_record = 0;
  std::vector<double> values;  // from the file's start; NaN: no sample
  double physical_min = 0.0;
  double physical_max = 0.0;
};

struct Annotation {
  std::int64_t onset_us = 0;  // from the file's start
  std::int64_t duration_us = -1;
  std::string text;
};

ChannelKind kind_named(const std::string& name) {
  for (const ChannelKind k : {ChannelKind::kEcg, ChannelKind::kPpg, ChannelKind::kResp, ChannelKind::kEda}) {
    if (to_string(k) == name) return k;
  }
  return ChannelKind::kOther;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// v rounded outward to what an 8-character EDF header number holds exactly.
double header_bound(double v, bool round_up) {
  const double magnitude = std::max(1.0, std::floor(std::fabs(v)) + 1.0);
  const int int_digits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
  const int sign = v < 0 ? 1 : 0;
  const int decimals = std::max(0, kHeaderNumberChars - int_digits - sign - 1);
  const double scale = std::pow(10.0, decimals);
  return (round_up ? std::ceil(v * scale) : std::floor(v * scale)) / scale;
}

int record_seconds(const std::vector<EdfChannel>& channels) {
  for (int d = 1; d <= kMaxRecordSeconds; ++d) {
    const bool whole = std::all_of(channels.begin(), channels.end(), [d](const EdfChannel& c) {
      const double n = c.rate_hz * d;
      return std::fabs(n - std::round(n)) < kWholeSamplesTolerance;
    });
    if (whole) return d;
  }
  std::string rates;
  for (const EdfChannel& c : channels) rates += " " + c.label + " " + std::to_string(c.rate_hz) + " Hz";
  throw std::runtime_error("cannot export to EDF: the sample rates (" + rates +
                           " ) give no whole number of samples in any data record of 1 to 60 s; "
                           "export csv or json instead");
}

/// Channels laid out from t0_us, with the gap annotations they need.
std::vector<EdfChannel> lay_out(const storage::StoredSession& s, std::int64_t t0_us,
                                std::vector<Annotation>& annotations) {
  std::map<std::uint8_t, std::vector<const storage::StoredSampleChunk*>> by_channel;
  for (const auto& c : s.chunks) by_channel[c.channel].push_back(&c);
  std::vector<EdfChannel> out;
  std::map<std::string, int> kind_count;
  for (const auto& [id, chunks] : by_channel) {
    EdfChannel ch;
    const ChannelKind kind = kind_named(chunks.front()->kind);
    const int n_of_kind = ++kind_count[chunks.front()->kind];
    ch.label = upper(chunks.front()->kind) + (n_of_kind > 1 ? " " + std::to_string(n_of_kind) : "");
    ch.unit = std::string(unit_of(kind));
    ch.rate_hz = chunks.front()->rate_hz;
    for (const auto* chunk : chunks) {
      const auto first = static_cast<std::size_t>(std::max<long long>(
          0, std::llround(seconds(chunk->t_first_us - t0_us) * ch.rate_hz)));
      if (ch.values.size() < first + chunk->values.size()) {
        ch.values.resize(first + chunk->values.size(), std::numeric_limits<double>::quiet_NaN());
      }
      for (std::size_t k = 0; k < chunk->values.size(); ++k) ch.values[first + k] = chunk->values[k];
    }
    out.push_back(std::move(ch));
  }
  const int d = record_seconds(out);
  std::size_t records = 0;
  for (EdfChannel& ch : out) {
    ch.samples_per_record = static_cast<int>(std::lround(ch.rate_hz * d));
    const std::size_t spr = static_cast<std::size_t>(ch.samples_per_record);
    records = std::max(records, (ch.values.size() + spr - 1) / spr);
  }
  for (EdfChannel& ch : out) {
    // Gaps inside the data (and before a late start) are annotated; the padding that fills
    // the last record is not.
    const std::size_t data_end = ch.values.size();
    for (std::size_t i = 0; i < data_end;) {
      if (!std::isnan(ch.values[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < data_end && std::isnan(ch.values[j])) ++j;
      annotations.push_back({std::llround(static_cast<double>(i) / ch.rate_hz * kMicrosecondsPerSecond),
                             std::llround(static_cast<double>(j - i) / ch.rate_hz * kMicrosecondsPerSecond),
                             "gap: no " + ch.label + " samples"});
      i = j;
    }
    ch.values.resize(records * static_cast<std::size_t>(ch.samples_per_record),
                     std::numeric_limits<double>::quiet_NaN());
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const double v : ch.values) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (!(lo <= hi)) lo = hi = 0.0;
    if (hi - lo < std::numeric_limits<float>::epsilon() * std::max(1.0, std::fabs(hi))) {
      lo -= 1.0;  // a flat channel still needs a range
      hi += 1.0;
    }
    ch.physical_max = header_bound(hi, true);
    ch.physical_min = header_bound(lo - (hi - lo) / kDataDigitalSteps, false);
  }
  return out;
}

void check(int rc, const std::filesystem::path& path, const char* doing) {
  if (rc != 0) {
    throw std::runtime_error("cannot write " + path.string() + ": EDFlib refused " + doing);
  }
}

// EDFlib writes through stdio and does not report a failed last flush, so a full disk (or a
// file size limit) left a short file that the export called done. The header says how long
// the file must be.
std::uintmax_t edf_expected_bytes(const std::filesystem::path& written) {
  return records::edf_size_from_header(written).value_or(0);
}

void check_complete(const std::filesystem::path& written, const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(written, ec);
  const std::uintmax_t expected = edf_expected_bytes(written);
  if (ec || expected == 0 || size != expected) {
    const std::string written_bytes = std::to_string(ec ? 0 : size);
    throw std::runtime_error(
        "cannot write " + path.string() + ": the file came out incomplete (" +
        (expected == 0 ? "only " + written_bytes + " bytes, not even its whole header"
                       : written_bytes + " of " + std::to_string(expected) + " bytes") +
        "): is the disk full, or a file size limit (ulimit -f) reached? (choose a folder you "
        "can write to with --out, or free some space)");
  }
}

}  // namespace

void write_edf(const storage::StoredSession& s, const std::filesystem::path& path, bool deidentify) {
  if (s.chunks.empty()) {
    throw std::runtime_error("session " + std::to_string(s.info.id) +
                             " has no stored waveform to put in an EDF file (a device that sends "
                             "only beats); export csv, kubios or json instead");
  }
  std::int64_t t0_us = s.chunks.front().t_first_us;
  for (const auto& c : s.chunks) t0_us = std::min(t0_us, c.t_first_us);
  std::vector<Annotation> annotations;
  std::vector<EdfChannel> channels = lay_out(s, t0_us, annotations);
  for (const storage::StoredMarker& m : s.markers) {
    const std::string text = marker_text(m, deidentify);
    annotations.push_back({std::max<std::int64_t>(0, m.t_us - t0_us), -1, text.empty() ? m.kind : m.kind + ": " + text});
  }

  PrivateFile file(path);
  if (file.straight_through()) {
    // EDFlib goes back to finish the header, and the file is read back to check it.
    throw std::runtime_error("cannot write " + path.string() +
                             ": an EDF file is written and then checked in place, which a pipe "
                             "or terminal cannot do; give a file's name");
  }
  const int n_signals = static_cast<int>(channels.size());
  const int hdl = edfopen_file_writeonly(file.temp_path().c_str(), EDFLIB_FILETYPE_EDFPLUS, n_signals);
  if (hdl < 0) {
    throw std::runtime_error("cannot write " + path.string() + ": EDFlib could not open it (error " +
                             std::to_string(hdl) + ")");
  }
  struct Closer {
    int hdl;
    bool open = true;
    ~Closer() {
      if (open) edfclose_file(hdl);
    }
  } closer{hdl};
  const int d = record_seconds(channels);
  check(edf_set_datarecord_duration(hdl, d * kEdfDurationUnitsPerSecond), path, "the record duration");
  const std::size_t records = channels.front().values.size() /
                              static_cast<std::size_t>(channels.front().samples_per_record);
  const auto per_record = static_cast<std::size_t>(std::max<std::size_t>(1, records));
  check(edf_set_number_of_annotation_signals(
            hdl, static_cast<int>(std::clamp<std::size_t>(annotations.size() / per_record + 1, 1,
                                                          kMaxAnnotationSignals))),
        path, "the annotation signals");
  for (int i = 0; i < n_signals; ++i) {
    const EdfChannel& ch = channels[static_cast<std::size_t>(i)];
    check(edf_set_samplefrequency(hdl, i, ch.samples_per_record), path, "a sample rate");
    check(edf_set_physical_maximum(hdl, i, ch.physical_max), path, "a physical maximum");
    check(edf_set_physical_minimum(hdl, i, ch.physical_min), path, "a physical minimum");
    check(edf_set_digital_maximum(hdl, i, kDigitalMax), path, "a digital maximum");
    check(edf_set_digital_minimum(hdl, i, kDigitalMin), path, "a digital minimum");
    check(edf_set_label(hdl, i, ch.label.c_str()), path, "a label");
    check(edf_set_physical_dimension(hdl, i, ch.unit.c_str()), path, "a unit");
  }
  if (deidentify) {
    check(edf_set_startdatetime(hdl, kAnonymousYear, 1, 1, 0, 0, 0), path, "the start date");
    check(edf_set_equipment(hdl, "Resonant"), path, "the equipment");
  } else {
    // The session row's wall clock was read when the first sample arrived, i.e. at t0 (to
    // within one block): session time counts from the engine's start, not from that moment.
    const std::int64_t start_us = s.info.started_unix_us;
    const auto t = static_cast<std::time_t>(start_us / 1'000'000);
    std::tm tm{};
    localtime_r(&t, &tm);
    check(edf_set_startdatetime(hdl, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                tm.tm_min, tm.tm_sec),
          path, "the start date");
    check(edf_set_patientname(hdl, s.info.client.c_str()), path, "the client's name");
    check(edf_set_equipment(hdl, s.info.source.c_str()), path, "the equipment");
  }
  // Samples are converted here, rounding to the nearest step (EDFlib's own conversion
  // truncates); the bounds are exact in the header, so readers invert this exactly.
  std::vector<short> buf;
  for (std::size_t r = 0; r < records; ++r) {
    for (const EdfChannel& ch : channels) {
      const auto spr = static_cast<std::size_t>(ch.samples_per_record);
      const double step = (ch.physical_max - ch.physical_min) / (kDigitalMax - kDigitalMin);
      buf.resize(spr);
      for (std::size_t k = 0; k < spr; ++k) {
        const double v = ch.values[r * spr + k];
        const double digital = std::isnan(v) ? kDigitalMin : kDigitalMin + std::round((v - ch.physical_min) / step);
        buf[k] = static_cast<short>(std::clamp(digital, double{kDigitalMin}, double{kDigitalMax}));
      }
      check(edfwrite_digital_short_samples(hdl, buf.data()), path, "the samples (is the disk full?)");
    }
  }
  for (const Annotation& a : annotations) {
    const long long onset = a.onset_us * kEdfAnnotationUnitsPerSecond / 1'000'000;
    const long long duration = a.duration_us < 0 ? -1 : a.duration_us * kEdfAnnotationUnitsPerSecond / 1'000'000;
    check(edfwrite_annotation_utf8(hdl, onset, duration, a.text.c_str()), path, "an annotation");
  }
  closer.open = false;
  check(edfclose_file(hdl), path, "to finish the file (is the disk full?)");
  check_complete(file.temp_path(), path);
  file.commit();
}

}  // namespace resonant::engine::exports
