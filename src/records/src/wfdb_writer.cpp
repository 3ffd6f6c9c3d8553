// Streaming format-16 WFDB writer (see wfdb_writer.hpp).
#include <resonant/records/wfdb_writer.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <resonant/records/record_error.hpp>

namespace resonant::records {
namespace {
constexpr std::int32_t kInvalid16 = -32768;
constexpr std::int32_t kMax16 = 32767;
constexpr std::int32_t kMin16 = -32767;  // -32768 is reserved for "invalid"
constexpr int kResolutionBits = 16;
}  // namespace

WfdbWriter::WfdbWriter(const std::filesystem::path& dir, std::string record_name, double rate_hz,
                       std::vector<WfdbWriterChannel> channels)
    : dir_(dir), record_name_(std::move(record_name)), rate_hz_(rate_hz), channels_(std::move(channels)),
      checksums_(channels_.size(), 0), first_values_(channels_.size(), 0) {
  if (channels_.empty()) throw RecordError(record_name_, "a WFDB record needs at least one channel");
  if (!(rate_hz_ > 0.0) || !std::isfinite(rate_hz_)) {
    throw RecordError(record_name_, "sample rate must be positive");
  }
  for (const auto& c : channels_) {
    if (!(c.gain > 0.0) || !std::isfinite(c.gain)) {
      throw RecordError(record_name_, "channel '" + c.name + "' needs a positive gain");
    }
  }
  const auto dat = dir_ / (record_name_ + ".dat");
  dat_.open(dat, std::ios::binary | std::ios::trunc);
  if (!dat_) throw RecordError(dat.string(), "cannot create the signal file");
}

WfdbWriter::~WfdbWriter() {
  if (closed_) return;
  try {
    close();
  } catch (const RecordError&) {
    // Destructors must not throw; call close() to see the error.
  }
}

std::filesystem::path WfdbWriter::header_path() const { return dir_ / (record_name_ + ".hea"); }

void WfdbWriter::write_frames(std::span<const float> interleaved) {
  const std::size_t n = channels_.size();
  if (interleaved.size() % n != 0) {
    throw RecordError(record_name_, "write_frames needs whole frames (" + std::to_string(n) +
                                        " values each)");
  }
  buffer_.resize(interleaved.size() * 2);
  for (std::size_t i = 0; i < interleaved.size(); ++i) {
    const std::size_t c = i % n;
    const float x = interleaved[i];
    std::int32_t d = kInvalid16;
    if (std::isfinite(x)) {
      const double scaled = std::round(static_cast<double>(x) * channels_[c].gain + channels_[c].baseline);
      d = static_cast<std::int32_t>(std::clamp(scaled, static_cast<double>(kMin16), static_cast<double>(kMax16)));
    }
    if (frames_ == 0 && i < n) first_values_[c] = d;
    checksums_[c] += d;
    checksums_[c] = static_cast<std::int16_t>(checksums_[c] & 0xFFFF);
    const auto u = static_cast<std::uint16_t>(static_cast<std::int16_t>(d));
    buffer_[2 * i] = static_cast<char>(u & 0xFF);
    buffer_[2 * i + 1] = static_cast<char>(u >> 8);
  }
  dat_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  if (!dat_) throw RecordError((dir_ / (record_name_ + ".dat")).string(), "write failed (disk full?)");
  frames_ += static_cast<std::int64_t>(interleaved.size() / n);
}

void WfdbWriter::close() {
  if (closed_) return;
  closed_ = true;
  dat_.close();
  if (!dat_) throw RecordError((dir_ / (record_name_ + ".dat")).string(), "write failed (disk full?)");
  std::ostringstream h;
  h.precision(12);
  h << record_name_ << ' ' << channels_.size() << ' ' << rate_hz_ << ' ' << frames_ << '\n';
  for (std::size_t c = 0; c < channels_.size(); ++c) {
    const auto& ch = channels_[c];
    h << record_name_ << ".dat 16 " << ch.gain << '(' << ch.baseline << ")/" << ch.units << ' '
      << kResolutionBits << " 0 " << first_values_[c] << ' ' << checksums_[c] << " 0 " << ch.name
      << '\n';
  }
  std::ofstream out(header_path(), std::ios::trunc);
  out << h.str();
  out.close();
  if (!out) throw RecordError(header_path().string(), "cannot write the header");
}

}  // namespace resonant::records
