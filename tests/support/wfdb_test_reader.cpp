// test-only; the product's WFDB/EDF/CSV readers come with the analyze command.
#include "wfdb_test_reader.hpp"

#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace resonant::testing {
namespace {

std::vector<unsigned char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "212", "212x4" or "16+24" -> format, samples per frame and byte offset;
// "200(0)/mV" -> gain and baseline.
void parse_format(const std::string& token, WfdbSignalInfo& s) {
  s.format = std::stoi(token);  // stops at 'x', ':' or '+'
  const auto x = token.find('x');
  if (x != std::string::npos) s.samples_per_frame = std::stoi(token.substr(x + 1));
  const auto plus = token.find('+');
  if (plus != std::string::npos) s.byte_offset = std::stoul(token.substr(plus + 1));
}

bool parse_gain(const std::string& token, WfdbSignalInfo& s) {
  const auto open = token.find('(');
  s.gain = std::stod(token.substr(0, token.find_first_of("(/")));
  if (s.gain == 0.0) s.gain = 200.0;  // WFDB: a zero gain means the default
  if (open == std::string::npos) return false;
  s.baseline = std::stod(token.substr(open + 1, token.find(')') - open - 1));
  return true;
}

}  // namespace

WfdbHeader read_wfdb_header(const std::filesystem::path& hea_path) {
  std::ifstream in(hea_path);
  if (!in) throw std::runtime_error("cannot open " + hea_path.string());
  WfdbHeader h;
  std::string line;
  int signal_count = -1;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // some headers are CRLF
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    if (signal_count < 0) {
      std::string rate;
      fields >> h.record >> signal_count >> rate >> h.frame_count;
      h.record = h.record.substr(0, h.record.find('/'));
      h.frame_rate_hz = std::stod(rate.substr(0, rate.find_first_of("/(")));
      continue;
    }
    WfdbSignalInfo s;
    std::string format, gain;
    int resolution = 0, adc_zero = 0, initial = 0, checksum = 0, block = 0;
    fields >> s.file_name >> format >> gain >> resolution >> adc_zero >> initial >> checksum >>
        block;
    std::getline(fields >> std::ws, s.description);
    parse_format(format, s);
    if (!parse_gain(gain, s)) s.baseline = adc_zero;
    h.signals.push_back(s);
  }
  if (signal_count < 0 || static_cast<int>(h.signals.size()) != signal_count) {
    throw std::runtime_error("malformed WFDB header " + hea_path.string());
  }
  return h;
}

std::vector<std::vector<float>> read_wfdb_signals(const std::filesystem::path& hea_path,
                                                  WfdbHeader* header_out) {
  const WfdbHeader h = read_wfdb_header(hea_path);
  if (header_out) *header_out = h;
  const WfdbSignalInfo& first = h.signals.front();
  int frame_width = 0;
  for (const auto& s : h.signals) {
    if ((s.format != 212 && s.format != 16) || s.format != first.format ||
        s.file_name != first.file_name || s.byte_offset != first.byte_offset) {
      throw std::runtime_error(hea_path.string() +
                               ": only records in one format-212 or format-16 file");
    }
    frame_width += s.samples_per_frame;
  }
  const auto bytes = read_bytes(hea_path.parent_path() / first.file_name);
  if (bytes.size() < first.byte_offset) throw std::runtime_error(hea_path.string() + ": short");
  std::vector<int> flat;
  if (first.format == 212) {
    // Format 212: sample pairs in 3 bytes; the first sample is byte 0 plus the low nibble of
    // byte 1 as its high bits, the second is byte 2 plus the high nibble of byte 1.
    flat.reserve(bytes.size() / 3 * 2);
    for (std::size_t i = first.byte_offset; i + 2 < bytes.size(); i += 3) {
      int a = bytes[i] | ((bytes[i + 1] & 0x0F) << 8);
      int b = bytes[i + 2] | ((bytes[i + 1] & 0xF0) << 4);
      if (a > 2047) a -= 4096;  // 12-bit two's complement
      if (b > 2047) b -= 4096;
      flat.push_back(a);
      flat.push_back(b);
    }
  } else {
    flat.reserve(bytes.size() / 2);
    for (std::size_t i = first.byte_offset; i + 1 < bytes.size(); i += 2) {
      flat.push_back(static_cast<std::int16_t>(bytes[i] | (bytes[i + 1] << 8)));
    }
  }
  const std::size_t frames = h.frame_count > 0
                                 ? static_cast<std::size_t>(h.frame_count)
                                 : flat.size() / static_cast<std::size_t>(frame_width);
  if (flat.size() < frames * static_cast<std::size_t>(frame_width)) {
    throw std::runtime_error(hea_path.string() + ": signal file shorter than the header says");
  }
  std::vector<std::vector<float>> out(h.signals.size());
  for (std::size_t s = 0; s < h.signals.size(); ++s) {
    out[s].reserve(frames * static_cast<std::size_t>(h.signals[s].samples_per_frame));
  }
  std::size_t k = 0;
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t s = 0; s < h.signals.size(); ++s) {
      const WfdbSignalInfo& info = h.signals[s];
      for (int j = 0; j < info.samples_per_frame; ++j) {
        out[s].push_back(static_cast<float>((flat[k++] - info.baseline) / info.gain));
      }
    }
  }
  return out;
}

std::vector<WfdbAnnotation> read_mit_annotations(const std::filesystem::path& path) {
  constexpr int kSkip = 59, kNum = 60, kSub = 61, kChn = 62, kAux = 63;
  const auto bytes = read_bytes(path);
  std::vector<WfdbAnnotation> out;
  std::int64_t time = 0;
  int number = 0, channel = 0;
  std::size_t i = 0;
  auto word_at = [&](std::size_t at) { return bytes[at] | (bytes[at + 1] << 8); };
  while (i + 1 < bytes.size()) {
    const int word = word_at(i);
    i += 2;
    const int code = word >> 10;
    const int value = word & 0x3FF;
    if (code == 0 && value == 0) break;  // end of file marker
    switch (code) {
      case kSkip: {
        if (i + 3 >= bytes.size()) throw std::runtime_error(path.string() + ": truncated SKIP");
        // 32-bit interval stored as two 16-bit words, most significant word first.
        const auto high = static_cast<std::uint32_t>(word_at(i));
        const auto low = static_cast<std::uint32_t>(word_at(i + 2));
        time += static_cast<std::int32_t>((high << 16) | low);
        i += 4;
        break;
      }
      case kNum:
        number = value;
        if (!out.empty()) out.back().number = value;
        break;
      case kSub:
        if (!out.empty()) out.back().subtype = value;
        break;
      case kChn:
        channel = value;
        if (!out.empty()) out.back().channel = value;
        break;
      case kAux: {
        if (i + static_cast<std::size_t>(value) > bytes.size()) {
          throw std::runtime_error(path.string() + ": truncated AUX");
        }
        std::string text(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                         bytes.begin() + static_cast<std::ptrdiff_t>(i) + value);
        while (!text.empty() && text.back() == '\0') text.pop_back();
        if (!out.empty()) out.back().aux = text;
        i += static_cast<std::size_t>(value + (value & 1));  // padded to an even length
        break;
      }
      default: {
        time += value;
        WfdbAnnotation a;
        a.sample = time;
        a.code = code;
        a.number = number;  // NUM and CHN carry over to later annotations
        a.channel = channel;
        out.push_back(a);
      }
    }
  }
  return out;
}

char annotation_symbol(int code) {
  static constexpr std::array<char, 42> kSymbols = {
      ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', ' ', '|', ' ',
      's', 'T', '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u', '?', '!', '[', ']', 'e', 'n',
      '@', 'x', 'f', '(', ')', 'r'};
  return code >= 0 && code < static_cast<int>(kSymbols.size()) ? kSymbols[code] : ' ';
}

bool is_beat_annotation(int code) {
  const char c = annotation_symbol(code);
  static constexpr std::string_view kBeats = "NLRBAaJSVrFejnE/fQ?";
  return c != ' ' && kBeats.find(c) != std::string_view::npos;
}

const std::vector<float>& CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return values[i];
  }
  throw std::out_of_range("no CSV column named " + name);
}

CsvTable read_csv_table(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  CsvTable t;
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(path.string() + ": empty CSV");
  {
    std::istringstream header(line);
    std::string name;
    while (std::getline(header, name, ',')) {
      if (!name.empty() && name.back() == '\r') name.pop_back();
      t.columns.push_back(name);
    }
  }
  t.values.resize(t.columns.size());
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::istringstream row(line);
    std::string cell;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (!std::getline(row, cell, ',')) throw std::runtime_error(path.string() + ": short row");
      t.values[c].push_back(std::stof(cell));
    }
  }
  return t;
}

}  // namespace resonant::testing
