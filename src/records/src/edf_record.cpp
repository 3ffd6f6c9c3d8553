// EDF, EDF+, BDF and BDF+ through EDFlib (Teunis van Beelen). EDFlib hides the annotation
// signals and reads each signal through its own sample position; our channel readers share
// one EDFlib handle per record and seek before each chunk, so several can be open at once.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <edflib.h>

#include <resonant/records/edf_layout.hpp>

#include "record_impl.hpp"
#include "text_util.hpp"

namespace resonant::records::detail {
namespace {

constexpr int kChunkSamples = 16384;
constexpr double kEdfTimeUnitsPerSecond = static_cast<double>(EDFLIB_TIME_DIMENSION);

std::string edf_error_text(int code) {
  switch (code) {
    case EDFLIB_MALLOC_ERROR: return "out of memory while reading the header";
    case EDFLIB_NO_SUCH_FILE_OR_DIRECTORY: return "cannot open the file (missing or not readable)";
    case EDFLIB_FILE_CONTAINS_FORMAT_ERRORS:
      return "the EDF/BDF header has format errors (not a valid EDF, EDF+, BDF or BDF+ file)";
    case EDFLIB_MAXFILES_REACHED: return "too many EDF files open at once";
    case EDFLIB_FILE_READ_ERROR: return "read error (shorter than its EDF/BDF header says?)";
    case EDFLIB_FILE_ALREADY_OPENED: return "the file is already open in this program";
    case EDFLIB_FILETYPE_ERROR: return "unknown EDF file type";
    case EDFLIB_FILE_IS_DISCONTINUOUS:
      return "the file is EDF+D/BDF+D (discontinuous), which is not supported";
    default: return "EDFlib error " + std::to_string(code);
  }
}

/// EDFlib says "format errors" for a file cut short too: a copy or download that did not finish
/// is told apart, with the sizes, so the person looks for the whole file instead of a tool.
std::string edf_open_error_text(const std::string& path, int code) {
  if (code == EDFLIB_FILE_CONTAINS_FORMAT_ERRORS || code == EDFLIB_FILE_READ_ERROR) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    const auto expected = edf_size_from_header(path);
    if (!ec && expected && size < *expected) {
      return "the file is truncated: its header describes " + std::to_string(*expected) +
             " bytes, the file has " + std::to_string(size) +
             " (a copy or download that did not finish?)";
    }
  }
  return edf_error_text(code);
}

/// One open EDFlib handle, closed with the last reader or record using it.
class EdfFile {
 public:
  explicit EdfFile(const std::filesystem::path& path) : path_(path.string()), hdr_(new edf_hdr_struct{}) {
    if (edfopen_file_readonly(path_.c_str(), hdr_.get(), EDFLIB_READ_ALL_ANNOTATIONS) != 0) {
      throw RecordError(path_, edf_open_error_text(path_, hdr_->filetype));
    }
  }
  ~EdfFile() { edfclose_file(hdr_->handle); }
  EdfFile(const EdfFile&) = delete;
  EdfFile& operator=(const EdfFile&) = delete;
  const edf_hdr_struct& header() const { return *hdr_; }
  int handle() const { return hdr_->handle; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<edf_hdr_struct> hdr_;  // ~150 kB: never on the stack
};

class EdfChannelReader final : public ChannelReader {
 public:
  EdfChannelReader(std::shared_ptr<EdfFile> file, ChannelInfo info)
      : file_(std::move(file)), info_(std::move(info)) {}

  std::size_t read(std::span<float> out) override {
    std::size_t written = 0;
    while (written < out.size()) {
      const int n = next_count(out.size() - written);
      if (n == 0) break;
      physical_.resize(static_cast<std::size_t>(n));
      const int got = edfread_physical_samples(file_->handle(), signal(), n, physical_.data());
      check(got);
      for (int i = 0; i < got; ++i) out[written++] = static_cast<float>(physical_[static_cast<std::size_t>(i)]);
      position_ += got;
      if (got < n) break;
    }
    return written;
  }

  std::size_t read_digital(std::span<std::int32_t> out) override {
    std::size_t written = 0;
    while (written < out.size()) {
      const int n = next_count(out.size() - written);
      if (n == 0) break;
      digital_.resize(static_cast<std::size_t>(n));
      const int got = edfread_digital_samples(file_->handle(), signal(), n, digital_.data());
      check(got);
      for (int i = 0; i < got; ++i) out[written++] = digital_[static_cast<std::size_t>(i)];
      position_ += got;
      if (got < n) break;
    }
    return written;
  }

  const ChannelInfo& info() const override { return info_; }

 private:
  int signal() const { return static_cast<int>(info_.index); }

  int next_count(std::size_t room) {
    const auto left = static_cast<long long>(info_.sample_count) - position_;
    const long long n = std::min<long long>({left, static_cast<long long>(room), kChunkSamples});
    if (n <= 0) return 0;
    // Other readers move the shared handle's position for this signal: set ours.
    if (edfseek(file_->handle(), signal(), position_, EDFSEEK_SET) != position_) {
      throw RecordError(file_->path(), "cannot seek to sample " + std::to_string(position_) +
                                           " of channel " + info_.name);
    }
    return static_cast<int>(n);
  }

  void check(int got) const {
    if (got < 0) {
      throw RecordError(file_->path(), "read error in channel " + info_.name + " (file truncated?)");
    }
  }

  std::shared_ptr<EdfFile> file_;
  ChannelInfo info_;
  long long position_ = 0;
  std::vector<double> physical_;
  std::vector<int> digital_;
};

class EdfRecord final : public Record {
 public:
  explicit EdfRecord(const std::filesystem::path& path) : file_(std::make_shared<EdfFile>(path)) {
    const edf_hdr_struct& h = file_->header();
    switch (h.filetype) {
      case EDFLIB_FILETYPE_EDF: info_.format = Format::edf; break;
      case EDFLIB_FILETYPE_EDFPLUS: info_.format = Format::edf_plus; break;
      case EDFLIB_FILETYPE_BDF: info_.format = Format::bdf; break;
      default: info_.format = Format::bdf_plus; break;
    }
    info_.path = path;
    info_.record_name = path.stem().string();
    char start[64];
    std::snprintf(start, sizeof start, "%02d:%02d:%02d %02d/%02d/%04d", h.starttime_hour,
                  h.starttime_minute, h.starttime_second, h.startdate_day, h.startdate_month,
                  h.startdate_year);
    info_.start_time = start;
    for (const char* field : {h.patient, h.recording, h.patientcode, h.equipment, h.recording_additional}) {
      const std::string_view text = trim(field);
      if (!text.empty()) info_.comments.emplace_back(text);
    }
    const double record_s = static_cast<double>(h.datarecord_duration) / kEdfTimeUnitsPerSecond;
    for (int i = 0; i < h.edfsignals; ++i) {
      const edf_param_struct& p = h.signalparam[i];
      ChannelInfo c;
      c.index = static_cast<std::size_t>(i);
      c.name = std::string(trim(p.label));
      c.units = std::string(trim(p.physdimension));
      c.sample_rate_hz = record_s > 0.0 ? p.smp_in_datarecord / record_s
                                        : std::numeric_limits<double>::quiet_NaN();
      c.sample_count = p.smp_in_file > 0 ? static_cast<std::uint64_t>(p.smp_in_file) : 0;
      const double phys_span = p.phys_max - p.phys_min;
      if (phys_span != 0.0) {
        c.gain = (p.dig_max - p.dig_min) / phys_span;
        c.baseline = p.dig_max - p.phys_max * c.gain;
      }
      finish_channel(c);
      info_.channels.push_back(c);
    }
    for (long long n = 0; n < h.annotations_in_file; ++n) {
      edf_annotation_struct a{};
      if (edf_get_annotation(file_->handle(), static_cast<int>(n), &a) != 0) break;
      TextEvent e;
      e.onset_s = static_cast<double>(a.onset) / kEdfTimeUnitsPerSecond;
      if (a.duration_l >= 0) e.duration_s = static_cast<double>(a.duration_l) / kEdfTimeUnitsPerSecond;
      e.text = a.annotation;
      info_.events.push_back(std::move(e));
    }
  }

  std::unique_ptr<ChannelReader> open_channel(std::size_t index) const override {
    if (index >= info_.channels.size()) {
      throw RecordError(info_.path.string(), "no channel " + std::to_string(index) + " (the file has " +
                                                 std::to_string(info_.channels.size()) + ")");
    }
    return std::make_unique<EdfChannelReader>(file_, info_.channels[index]);
  }

 private:
  std::shared_ptr<EdfFile> file_;
};

}  // namespace

std::unique_ptr<Record> open_edf_record(const std::filesystem::path& path, const OpenOptions&) {
  return std::make_unique<EdfRecord>(path);
}

}  // namespace resonant::records::detail
