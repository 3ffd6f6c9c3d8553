// MIT-format annotation files (see annotations.hpp for the layout).
#include <resonant/records/annotations.hpp>

#include <array>
#include <cmath>
#include <fstream>
#include <string_view>

#include <resonant/records/record_error.hpp>

#include "text_util.hpp"

namespace resonant::records {
namespace {

constexpr int kSkip = 59;
constexpr int kNum = 60;
constexpr int kSub = 61;
constexpr int kChn = 62;
constexpr int kAux = 63;
constexpr int kCodeShift = 10;
constexpr int kValueMask = 0x3FF;
constexpr std::size_t kMaxAnnotationFileBytes = std::size_t{1} << 30;

}  // namespace

char annotation_symbol(int code) {
  // WFDB's ecgmap.h mnemonics for codes 0..41; 42..49 are user-definable and have none.
  static constexpr std::array<char, 42> kSymbols = {
      ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', ' ', '|', ' ',
      's', 'T', '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u', '?', '!', '[', ']', 'e', 'n',
      '@', 'x', 'f', '(', ')', 'r'};
  return code >= 0 && code < static_cast<int>(kSymbols.size()) ? kSymbols[static_cast<std::size_t>(code)] : ' ';
}

bool is_ec57_beat(int code) {
  const char c = annotation_symbol(code);
  static constexpr std::string_view kBeats = "NLRBAaJSVrFejnE/fQ?";
  return c != ' ' && kBeats.find(c) != std::string_view::npos;
}

std::vector<Annotation> parse_mit_annotations(std::span<const std::uint8_t> bytes,
                                              const std::string& name, double frame_rate_hz) {
  std::vector<Annotation> out;
  std::int64_t time = 0;
  int num = 0;
  int channel = 0;
  std::size_t i = 0;
  auto word_at = [&](std::size_t at) {
    return static_cast<int>(bytes[at]) | (static_cast<int>(bytes[at + 1]) << 8);
  };
  auto where = [&](std::size_t at) { return "at byte " + std::to_string(at); };
  while (i + 1 < bytes.size()) {
    const std::size_t at = i;
    const int word = word_at(i);
    i += 2;
    const int code = word >> kCodeShift;
    const int value = word & kValueMask;
    if (code == 0 && value == 0) return out;  // end-of-file marker
    switch (code) {
      case kSkip: {
        if (i + 4 > bytes.size()) {
          throw RecordError(name, "annotation file ends inside a SKIP " + where(at));
        }
        // A 32-bit signed interval, most significant 16-bit word first (PDP-11 order).
        const auto high = static_cast<std::uint32_t>(word_at(i));
        const auto low = static_cast<std::uint32_t>(word_at(i + 2));
        time += static_cast<std::int32_t>((high << 16) | low);
        i += 4;
        break;
      }
      case kNum:
        num = value >= 512 ? value - 1024 : value;  // signed 10-bit fields, as WFDB writes them
        if (!out.empty()) out.back().num = num;
        break;
      case kSub:
        if (!out.empty()) out.back().subtype = value >= 512 ? value - 1024 : value;
        break;
      case kChn:
        channel = value;
        if (!out.empty()) out.back().channel = value;
        break;
      case kAux: {
        const auto length = static_cast<std::size_t>(value);
        if (i + length > bytes.size()) {
          throw RecordError(name, "annotation file ends inside an AUX text " + where(at) +
                                      " (" + std::to_string(length) + " bytes announced)");
        }
        std::string text(reinterpret_cast<const char*>(bytes.data() + i), length);
        while (!text.empty() && text.back() == '\0') text.pop_back();
        if (!out.empty()) out.back().aux = std::move(text);
        i += length + (length & 1U);  // padded to an even length
        break;
      }
      default: {
        if (code > kMaxAnnotationCode) {
          throw RecordError(name, "annotation code " + std::to_string(code) + " " + where(at) +
                                      " is not a valid MIT code (is this an annotation file?)");
        }
        time += value;
        Annotation a;
        a.sample = time;
        if (std::isfinite(frame_rate_hz) && frame_rate_hz > 0.0) {
          a.time_s = static_cast<double>(time) / frame_rate_hz;
        }
        a.code = code;
        a.symbol = annotation_symbol(code);
        a.num = num;
        a.channel = channel;
        out.push_back(std::move(a));
      }
    }
  }
  return out;  // files without the 0 word end at their last byte
}

std::vector<Annotation> read_mit_annotations(const std::filesystem::path& path,
                                             double frame_rate_hz) {
  const std::string text = detail::read_text_file(path.string(), kMaxAnnotationFileBytes);
  return parse_mit_annotations(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
      path.string(), frame_rate_hz);
}

std::vector<std::uint8_t> encode_mit_annotations(std::span<const Annotation> annotations) {
  std::vector<std::uint8_t> out;
  auto put_word = [&](int code, int value) {
    const auto word = static_cast<std::uint16_t>((code << kCodeShift) | (value & kValueMask));
    out.push_back(static_cast<std::uint8_t>(word & 0xFF));
    out.push_back(static_cast<std::uint8_t>(word >> 8));
  };
  std::int64_t time = 0;
  int num = 0;
  int channel = 0;
  for (const Annotation& a : annotations) {
    if (a.code < 1 || a.code > kMaxAnnotationCode) {
      throw RecordError("annotation writer", "code " + std::to_string(a.code) + " is not 1..49");
    }
    std::int64_t step = a.sample - time;
    if (step < 0 || step > kValueMask) {
      if (step < INT32_MIN || step > INT32_MAX) {
        throw RecordError("annotation writer", "time step " + std::to_string(step) + " too large");
      }
      const auto skip = static_cast<std::uint32_t>(static_cast<std::int32_t>(step));
      put_word(kSkip, 0);
      // The 32-bit step follows as two 16-bit little-endian words, the high one first.
      for (std::uint32_t part : {skip >> 16, skip & 0xFFFFU}) {
        out.push_back(static_cast<std::uint8_t>(part & 0xFF));
        out.push_back(static_cast<std::uint8_t>(part >> 8));
      }
      step = 0;
    }
    put_word(a.code, static_cast<int>(step));
    time = a.sample;
    if (a.subtype != 0) put_word(kSub, a.subtype);
    if (a.channel != channel) {
      put_word(kChn, a.channel);
      channel = a.channel;
    }
    if (a.num != num) {
      put_word(kNum, a.num);
      num = a.num;
    }
    if (!a.aux.empty()) {
      const std::size_t length = std::min<std::size_t>(a.aux.size(), 255);
      put_word(kAux, static_cast<int>(length));
      out.insert(out.end(), a.aux.begin(), a.aux.begin() + static_cast<std::ptrdiff_t>(length));
      if (length & 1U) out.push_back(0);
    }
  }
  put_word(0, 0);
  return out;
}

void write_mit_annotations(const std::filesystem::path& path,
                           std::span<const Annotation> annotations) {
  const auto bytes = encode_mit_annotations(annotations);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw RecordError(path.string(), "cannot write the annotation file");
}

}  // namespace resonant::records
