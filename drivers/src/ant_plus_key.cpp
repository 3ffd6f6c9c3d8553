#include <resonant/drivers/ant_plus_key.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace resonant::drivers {
namespace {

constexpr std::string_view kKeyName = "network_key";
constexpr std::size_t kKeyBytes = std::tuple_size_v<AntNetworkKey>;
constexpr std::size_t kMaxConfigBytes = 64 * 1024;  // a few lines; refuse anything huge

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// "0A 1B ...", "0a:1b:...", "0x0A, 0x1B, ...", "0A1B...": the bytes, or an error text.
std::optional<AntNetworkKey> parse_key_value(std::string_view value, std::string& error) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  auto is_separator = [](char c) {
    return c == ',' || c == ':' || std::isspace(static_cast<unsigned char>(c));
  };
  while (i < value.size()) {
    while (i < value.size() && is_separator(value[i])) ++i;
    const std::size_t start = i;
    while (i < value.size() && !is_separator(value[i])) ++i;
    if (i > start) tokens.push_back(value.substr(start, i - start));
  }
  std::vector<std::uint8_t> bytes;
  for (std::string_view t : tokens) {
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) t.remove_prefix(2);
    // One byte per token (1-2 digits), or the whole key as one run of 16 digits.
    if (t.empty() || (t.size() > 2 && t.size() != 2 * kKeyBytes)) {
      error = "'" + std::string(t) + "' is not a hex byte";
      return std::nullopt;
    }
    if (t.size() == 1) {
      const int d = hex_digit(t[0]);
      if (d < 0) {
        error = "'" + std::string(t) + "' is not a hex byte";
        return std::nullopt;
      }
      bytes.push_back(static_cast<std::uint8_t>(d));
      continue;
    }
    for (std::size_t k = 0; k + 1 < t.size(); k += 2) {
      const int hi = hex_digit(t[k]);
      const int lo = hex_digit(t[k + 1]);
      if (hi < 0 || lo < 0) {
        error = "'" + std::string(t) + "' is not a hex byte";
        return std::nullopt;
      }
      bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
  }
  if (bytes.size() != kKeyBytes) {
    error = "network_key needs " + std::to_string(kKeyBytes) + " bytes in hex, found " +
            std::to_string(bytes.size());
    return std::nullopt;
  }
  AntNetworkKey key{};
  for (std::size_t k = 0; k < kKeyBytes; ++k) key[k] = bytes[k];
  return key;
}

}  // namespace

std::filesystem::path default_ant_plus_config_path() {
  namespace fs = std::filesystem;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  fs::path base;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg != nullptr && *xdg != '\0' && fs::path(xdg).is_absolute()) {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    base = fs::path(home != nullptr && *home != '\0' ? home : ".") / ".config";
  }
  return base / "resonant" / "ant-plus.conf";
}

AntPlusConfigParse parse_ant_plus_config(std::string_view text, std::string_view source_name) {
  AntPlusConfigParse out;
  std::size_t line_no = 0;
  std::size_t key_line = 0;
  auto fail = [&](std::size_t line, const std::string& what) {
    out.key.reset();
    out.error = std::string(source_name) + ":" + std::to_string(line) + ": " + what;
    return out;
  };
  while (!text.empty()) {
    ++line_no;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = trim(line);
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return fail(line_no, "expected 'network_key = <8 hex bytes>', found '" +
                               std::string(line) + "'");
    }
    const std::string_view name = trim(line.substr(0, eq));
    if (name != kKeyName) {
      return fail(line_no, "unknown setting '" + std::string(name) +
                               "' (the only setting is network_key)");
    }
    if (key_line != 0) {
      return fail(line_no, "network_key is set twice (first on line " + std::to_string(key_line) +
                               ")");
    }
    std::string error;
    out.key = parse_key_value(trim(line.substr(eq + 1)), error);
    if (!out.key) return fail(line_no, error + " (write e.g. network_key = 01 02 03 04 05 06 07 08)");
    key_line = line_no;
  }
  if (!out.key) {
    out.error = std::string(source_name) + ": no network_key line";
  }
  return out;
}

AntPlusOptionsLoad load_ant_plus_options(const std::filesystem::path& path) {
  AntPlusOptionsLoad out;
  out.options.ant_key_source = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    out.error = "no ANT+ network key: " + path.string() + " does not exist. " +
                ant_plus_key_advice(path.string());
    return out;
  }
  if (std::filesystem::file_size(path, ec) > kMaxConfigBytes || ec) {
    out.error = "cannot use " + path.string() + ": not a small text file. " +
                ant_plus_key_advice(path.string());
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    out.error = "cannot read " + path.string() + " (check its permissions). " +
                ant_plus_key_advice(path.string());
    return out;
  }
  const AntPlusConfigParse parsed = parse_ant_plus_config(text.str(), path.string());
  if (!parsed.key) {
    out.error = parsed.error + ". " + ant_plus_key_advice(path.string());
    return out;
  }
  out.options.ant_network_key = parsed.key;
  return out;
}

std::string ant_plus_key_advice(const std::string& config_path) {
  // Kept short: it must fit a link message (kLinkMessageChars) with a long path.
  return "Put it into " + config_path +
         " as the line 'network_key = XX XX XX XX XX XX XX XX' (8 hex bytes). ANT+ Adopters get "
         "the key at thisisant.com after accepting the ANT+ adopter licence; it is licensed, so "
         "Resonant cannot ship it.";
}

}  // namespace resonant::drivers
