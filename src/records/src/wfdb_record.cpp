// WFDB records: header + signal files, decoded chunk by chunk.
//
// Signals stored in one file form a group. The file is a stream of samples in frame order:
// each frame holds samples_per_frame samples of each signal of the group, in header order.
// Packed formats (212: two 12-bit samples in 3 bytes; 310/311: three 10-bit samples in
// 4 bytes) pack that stream regardless of frame or signal boundaries, so sample k of the
// stream is found from k alone. A signal with skew s keeps its frame f in file frame f + s;
// frames past the end of the file read as invalid (NaN), as wfdb-python does.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include <resonant/records/wfdb_header.hpp>

#include "record_impl.hpp"
#include "text_util.hpp"

namespace resonant::records::detail {
namespace {

// Frames are decoded in chunks of about this many samples per signal file (bounded memory).
constexpr std::size_t kChunkSamples = 65536;

struct FormatTraits {
  int bytes_per_block;
  int samples_per_block;
  std::int32_t invalid;  // the stored value WFDB reserves for "no sample"
};

FormatTraits traits_of(int format) {
  switch (format) {
    case 212: return {3, 2, -2048};
    case 310: return {4, 3, -512};
    case 311: return {4, 3, -512};
    case 80: return {1, 1, -128};
    case 24: return {3, 1, -(1 << 23)};
    case 32: return {4, 1, std::numeric_limits<std::int32_t>::min()};
    default: return {2, 1, -32768};  // 16, 61, 160
  }
}

std::int32_t sign_extend(std::uint32_t value, int bits) {
  const std::uint32_t sign = 1U << (bits - 1);
  return static_cast<std::int32_t>((value ^ sign)) - static_cast<std::int32_t>(sign);
}

/// Decodes one block (traits.bytes_per_block bytes) into traits.samples_per_block samples.
void decode_block(int format, const std::uint8_t* b, std::int32_t* out) {
  switch (format) {
    case 16: out[0] = static_cast<std::int16_t>(b[0] | (b[1] << 8)); break;
    case 61: out[0] = static_cast<std::int16_t>((b[0] << 8) | b[1]); break;
    case 160: out[0] = static_cast<std::int32_t>(b[0] | (b[1] << 8)) - 32768; break;
    case 80: out[0] = static_cast<std::int32_t>(b[0]) - 128; break;
    case 24:
      out[0] = sign_extend(static_cast<std::uint32_t>(b[0] | (b[1] << 8) | (b[2] << 16)), 24);
      break;
    case 32:
      out[0] = static_cast<std::int32_t>(static_cast<std::uint32_t>(b[0]) |
                                         (static_cast<std::uint32_t>(b[1]) << 8) |
                                         (static_cast<std::uint32_t>(b[2]) << 16) |
                                         (static_cast<std::uint32_t>(b[3]) << 24));
      break;
    case 212:
      // Sample 0: byte 0 plus the low nibble of byte 1 as its high bits;
      // sample 1: byte 2 plus the high nibble of byte 1.
      out[0] = sign_extend(static_cast<std::uint32_t>(b[0] | ((b[1] & 0x0F) << 8)), 12);
      out[1] = sign_extend(static_cast<std::uint32_t>(b[2] | ((b[1] & 0xF0) << 4)), 12);
      break;
    case 310: {
      // Two little-endian 16-bit words; samples 0 and 1 are bits 1-10 of each word, sample 2
      // is bits 11-15 of word 0 (low part) and of word 1 (high part).
      const auto w0 = static_cast<std::uint32_t>(b[0] | (b[1] << 8));
      const auto w1 = static_cast<std::uint32_t>(b[2] | (b[3] << 8));
      out[0] = sign_extend((w0 >> 1) & 0x3FF, 10);
      out[1] = sign_extend((w1 >> 1) & 0x3FF, 10);
      out[2] = sign_extend(((w0 >> 11) & 0x1F) | (((w1 >> 11) & 0x1F) << 5), 10);
      break;
    }
    case 311: {
      // One little-endian 32-bit word; samples in bits 0-9, 10-19 and 20-29.
      const std::uint32_t w = static_cast<std::uint32_t>(b[0]) |
                              (static_cast<std::uint32_t>(b[1]) << 8) |
                              (static_cast<std::uint32_t>(b[2]) << 16) |
                              (static_cast<std::uint32_t>(b[3]) << 24);
      out[0] = sign_extend(w & 0x3FF, 10);
      out[1] = sign_extend((w >> 10) & 0x3FF, 10);
      out[2] = sign_extend((w >> 20) & 0x3FF, 10);
      break;
    }
    default: out[0] = 0;
  }
}

struct SignalGroup {
  std::filesystem::path file;
  int format = 16;
  std::int64_t byte_offset = 0;
  std::int64_t frame_width = 0;   // samples per frame in this file
  std::int64_t file_frames = 0;   // whole frames the file holds
};

struct ChannelSource {
  std::shared_ptr<const SignalGroup> group;
  std::int64_t offset_in_frame = 0;
  std::int64_t samples_per_frame = 1;
  std::int64_t skew = 0;
  std::int64_t frame_count = 0;
  ChannelInfo info;
};

class WfdbChannelReader final : public ChannelReader {
 public:
  explicit WfdbChannelReader(ChannelSource source) : s_(std::move(source)) {
    const auto& g = *s_.group;
    traits_ = traits_of(g.format);
    chunk_frames_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(kChunkSamples) / g.frame_width);
    in_.open(g.file, std::ios::binary);
    if (!in_) {
      throw RecordError(g.file.string(), "cannot open the signal file (missing or not readable)");
    }
  }

  std::size_t read(std::span<float> out) override {
    return read_impl(out.size(), [&](std::size_t at, std::int32_t d) {
      out[at] = d == traits_.invalid
                    ? std::numeric_limits<float>::quiet_NaN()
                    : static_cast<float>((static_cast<double>(d) - s_.info.baseline) / s_.info.gain);
    });
  }

  std::size_t read_digital(std::span<std::int32_t> out) override {
    return read_impl(out.size(), [&](std::size_t at, std::int32_t d) { out[at] = d; });
  }

  const ChannelInfo& info() const override { return s_.info; }

 private:
  template <typename Store>
  std::size_t read_impl(std::size_t capacity, Store store) {
    const auto total = static_cast<std::int64_t>(s_.info.sample_count);
    std::size_t written = 0;
    while (written < capacity && next_ < total) {
      const std::int64_t frame = next_ / s_.samples_per_frame;
      if (frame < chunk_start_ || frame >= chunk_start_ + chunk_len_) load_chunk(frame);
      const std::int64_t chunk_end_sample = (chunk_start_ + chunk_len_) * s_.samples_per_frame;
      const std::int64_t base = chunk_start_ * s_.samples_per_frame;
      while (written < capacity && next_ < chunk_end_sample) {
        store(written++, chunk_[static_cast<std::size_t>(next_ - base)]);
        ++next_;
      }
    }
    return written;
  }

  void load_chunk(std::int64_t frame) {
    const auto& g = *s_.group;
    const std::int64_t n = std::min(chunk_frames_, s_.frame_count - frame);
    const std::int64_t spf = s_.samples_per_frame;
    chunk_.assign(static_cast<std::size_t>(n * spf), traits_.invalid);
    chunk_start_ = frame;
    chunk_len_ = n;
    const std::int64_t file_frame = frame + s_.skew;
    const std::int64_t valid = std::clamp<std::int64_t>(g.file_frames - file_frame, 0, n);
    if (valid == 0) return;
    const std::int64_t spb = traits_.samples_per_block;
    const std::int64_t first_sample = file_frame * g.frame_width;
    const std::int64_t end_sample = (file_frame + valid) * g.frame_width;
    const std::int64_t first_block = first_sample / spb;
    const std::int64_t end_block = (end_sample + spb - 1) / spb;
    const auto byte_count = static_cast<std::size_t>((end_block - first_block) * traits_.bytes_per_block);
    bytes_.assign(byte_count, 0);
    in_.clear();
    in_.seekg(g.byte_offset + first_block * traits_.bytes_per_block);
    in_.read(reinterpret_cast<char*>(bytes_.data()), static_cast<std::streamsize>(byte_count));
    // A short read can only be the last partial block (file_frames counts whole frames); the
    // missing bytes stay zero and belong to samples beyond the last whole frame.
    decoded_.resize(static_cast<std::size_t>((end_block - first_block) * spb));
    for (std::int64_t b = 0; b < end_block - first_block; ++b) {
      decode_block(g.format, bytes_.data() + b * traits_.bytes_per_block,
                   decoded_.data() + b * spb);
    }
    const std::int64_t skip = first_sample - first_block * spb;
    for (std::int64_t k = 0; k < valid; ++k) {
      const std::int64_t from = skip + k * g.frame_width + s_.offset_in_frame;
      std::copy_n(decoded_.begin() + from, spf, chunk_.begin() + k * spf);
    }
  }

  ChannelSource s_;
  FormatTraits traits_{};
  std::ifstream in_;
  std::int64_t chunk_frames_ = 1;
  std::int64_t chunk_start_ = 0;
  std::int64_t chunk_len_ = 0;
  std::int64_t next_ = 0;  // next sample of this channel
  std::vector<std::int32_t> chunk_;
  std::vector<std::uint8_t> bytes_;
  std::vector<std::int32_t> decoded_;
};

std::int64_t samples_in_file(std::int64_t data_bytes, const FormatTraits& t) {
  if (data_bytes <= 0) return 0;
  std::int64_t samples = data_bytes / t.bytes_per_block * t.samples_per_block;
  // A 212 file with an odd number of samples ends with the first two bytes of a block.
  if (t.bytes_per_block == 3 && t.samples_per_block == 2 && data_bytes % 3 >= 2) samples += 1;
  return samples;
}

bool ends_with_mat(const std::filesystem::path& p) { return to_lower(p.extension().string()) == ".mat"; }

std::int32_t read_le32(const std::uint8_t* b) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
                                   (static_cast<std::uint32_t>(b[2]) << 16) |
                                   (static_cast<std::uint32_t>(b[3]) << 24));
}

/// MATLAB v4 signal files as wfdb2mat / Challenge 2015 write them: a 20-byte header (type
/// MOPT, rows, columns, imaginary flag, name length), the name, then a rows x columns matrix
/// stored by column, i.e. one frame per column. We check what the WFDB header relies on.
void check_mat_v4(const SignalGroup& g, std::int64_t frames, const std::string& hea) {
  constexpr std::int64_t kMatHeaderBytes = 20;
  if (g.byte_offset < kMatHeaderBytes) return;  // not the layout we know: trust the header
  std::ifstream in(g.file, std::ios::binary);
  std::array<std::uint8_t, kMatHeaderBytes> h{};
  in.read(reinterpret_cast<char*>(h.data()), kMatHeaderBytes);
  if (!in) throw RecordError(g.file.string(), "MAT file shorter than its 20-byte header");
  const std::int32_t type = read_le32(h.data());
  const std::int32_t rows = read_le32(h.data() + 4);
  const std::int32_t cols = read_le32(h.data() + 8);
  const std::int32_t imag = read_le32(h.data() + 12);
  const std::int32_t name_len = read_le32(h.data() + 16);
  const int machine = type / 1000;
  const int precision = (type / 10) % 10;
  const int expected_precision = g.format == 16 ? 3 : g.format == 32 ? 2 : g.format == 80 ? 5 : -1;
  auto fail = [&](const std::string& what) {
    throw RecordError(g.file.string(), "MAT v4 header does not match " + hea + ": " + what);
  };
  if (type < 0 || type > 4052 || machine != 0 || type % 10 != 0 || imag != 0) {
    fail("matrix type " + std::to_string(type) + " is not a real little-endian full matrix");
  }
  if (expected_precision >= 0 && precision != expected_precision) {
    fail("matrix element type " + std::to_string(precision) + " does not hold format " +
         std::to_string(g.format) + " samples");
  }
  if (rows != g.frame_width) {
    fail("matrix has " + std::to_string(rows) + " rows, the header has " +
         std::to_string(g.frame_width) + " samples per frame in this file");
  }
  if (name_len < 0 || kMatHeaderBytes + name_len != g.byte_offset) {
    fail("the matrix data start at byte " + std::to_string(kMatHeaderBytes + std::int64_t{name_len}) +
         ", the header says " + std::to_string(g.byte_offset));
  }
  if (cols < frames) {
    fail("matrix has " + std::to_string(cols) + " columns (frames), the header promises " +
         std::to_string(frames));
  }
}

class WfdbRecord final : public Record {
 public:
  WfdbRecord(const std::filesystem::path& hea_path, const OpenOptions& options)
      : hea_path_(hea_path) {
    const WfdbHeader h = read_wfdb_header(hea_path);
    const std::string hea = hea_path.string();
    const std::filesystem::path dir = hea_path.parent_path();
    info_.format = Format::wfdb;
    info_.path = hea_path;
    info_.record_name = h.record_name;
    info_.frame_rate_hz = h.frame_rate_hz;
    const std::string start = h.base_time + " " + h.base_date;
    info_.start_time = std::string(detail::trim(start));
    info_.comments = h.comments;

    // Group consecutive signals by file.
    std::vector<std::shared_ptr<SignalGroup>> groups;
    std::vector<std::size_t> group_of(h.signals.size());
    std::vector<std::int64_t> offset_of(h.signals.size());
    std::set<std::string> seen_files;
    for (std::size_t i = 0; i < h.signals.size(); ++i) {
      const WfdbSignalSpec& s = h.signals[i];
      if (groups.empty() || s.file_name != h.signals[i - 1].file_name) {
        if (!seen_files.insert(s.file_name).second) {
          throw RecordError(hea, "signals in " + s.file_name +
                                     " are not on consecutive header lines (not supported)");
        }
        auto g = std::make_shared<SignalGroup>();
        g->file = dir / s.file_name;
        g->format = s.format;
        g->byte_offset = s.byte_offset;
        groups.push_back(g);
      }
      SignalGroup& g = *groups.back();
      if (s.format != g.format || s.byte_offset != g.byte_offset) {
        throw RecordError(hea, "signal " + std::to_string(i) + " (" + s.description +
                                   ") has a different format or byte offset than the other "
                                   "signals in " + s.file_name);
      }
      group_of[i] = groups.size() - 1;
      offset_of[i] = g.frame_width;
      g.frame_width += s.samples_per_frame;
      if (g.frame_width > kMaxSamplesPerFrame * 16) {
        throw RecordError(hea, "too many samples per frame in " + s.file_name);
      }
    }

    std::int64_t frames = h.frame_count.value_or(-1);
    std::int64_t shortest = std::numeric_limits<std::int64_t>::max();
    for (auto& g : groups) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(g->file, ec);
      if (ec) {
        throw RecordError(hea, "signal file " + g->file.filename().string() +
                                   " is missing (looked for " + g->file.string() + ")");
      }
      const FormatTraits t = traits_of(g->format);
      g->file_frames = samples_in_file(static_cast<std::int64_t>(size) - g->byte_offset, t) / g->frame_width;
      if (ends_with_mat(g->file)) check_mat_v4(*g, frames < 0 ? 0 : frames, hea);
      shortest = std::min(shortest, g->file_frames);
    }
    if (groups.empty()) shortest = std::max<std::int64_t>(frames, 0);  // no signals: nothing to hold
    if (frames < 0) frames = shortest;  // no length in the header: what the files hold
    if (shortest < frames) {
      const auto& g = *std::find_if(groups.begin(), groups.end(),
                                    [&](const auto& gr) { return gr->file_frames == shortest; });
      const std::string problem = "signal file " + g->file.filename().string() +
                                  " is truncated: the header promises " + std::to_string(frames) +
                                  " frames, the file holds " + std::to_string(shortest);
      if (!options.allow_truncated) {
        throw RecordError(hea, problem + " (to read what is there, allow truncated files: "
                                         "--allow-truncated)");
      }
      info_.truncated = true;
      // Said with the figures (and kept with an import): they cover only the part there is.
      info_.reading_notes.push_back(problem + "; read as far as it goes (--allow-truncated), so "
                                              "the figures cover only that part.");
      frames = shortest;
    }

    for (std::size_t i = 0; i < h.signals.size(); ++i) {
      const WfdbSignalSpec& s = h.signals[i];
      ChannelSource src;
      src.group = groups[group_of[i]];
      src.offset_in_frame = offset_of[i];
      src.samples_per_frame = s.samples_per_frame;
      src.skew = s.skew_frames;
      src.frame_count = frames;
      ChannelInfo& c = src.info;
      c.index = i;
      c.name = s.description;
      c.units = s.units;
      c.sample_rate_hz = h.frame_rate_hz * s.samples_per_frame;
      c.sample_count = static_cast<std::uint64_t>(frames) * static_cast<std::uint64_t>(s.samples_per_frame);
      c.gain = s.gain;
      c.baseline = s.baseline;
      c.checksum = s.checksum;
      finish_channel(c);
      info_.channels.push_back(c);
      sources_.push_back(std::move(src));
    }
    find_annotators(dir, h);
  }

  std::unique_ptr<ChannelReader> open_channel(std::size_t index) const override {
    if (index >= sources_.size()) {
      throw RecordError(hea_path_.string(), "no channel " + std::to_string(index) + " (the record has " +
                                                std::to_string(sources_.size()) + ")");
    }
    return std::make_unique<WfdbChannelReader>(sources_[index]);
  }

  std::vector<Annotation> read_annotations(std::string_view annotator) const override {
    const auto path = hea_path_.parent_path() / (info_.record_name + "." + std::string(annotator));
    if (!std::filesystem::exists(path)) {
      throw RecordError(path.string(), "annotation file is missing (record " + info_.record_name +
                                           ", annotator '" + std::string(annotator) + "')");
    }
    return read_mit_annotations(path, info_.frame_rate_hz);
  }

 private:
  void find_annotators(const std::filesystem::path& dir, const WfdbHeader& h) {
    std::set<std::string> signal_files;
    for (const auto& s : h.signals) signal_files.insert(s.file_name);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir.empty() ? "." : dir, ec)) {
      const auto name = entry.path().filename().string();
      if (entry.path().stem().string() != info_.record_name || signal_files.count(name)) continue;
      const std::string ext = entry.path().extension().string();
      if (ext.size() < 2) continue;
      const std::string annotator = ext.substr(1);
      const std::string lower = to_lower(annotator);
      if (lower == "hea" || lower == "dat" || lower == "mat" || lower == "edf" || lower == "csv" ||
          lower == "txt") {
        continue;
      }
      if (!std::all_of(annotator.begin(), annotator.end(),
                       [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; })) {
        continue;
      }
      info_.annotators.push_back(annotator);
    }
    std::sort(info_.annotators.begin(), info_.annotators.end());
  }

  std::filesystem::path hea_path_;
  std::vector<ChannelSource> sources_;
};

}  // namespace

std::unique_ptr<Record> open_wfdb_record(const std::filesystem::path& hea_path,
                                         const OpenOptions& options) {
  return std::make_unique<WfdbRecord>(hea_path, options);
}

}  // namespace resonant::records::detail
