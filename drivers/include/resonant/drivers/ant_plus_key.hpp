#pragma once
// The ANT+ network key from the user's configuration file (sensor-protocols.md §3.3,
// "Licensing of the ANT+ network key"). The key is licensed to ANT+ Adopters: it is never in
// the source tree or the binaries; the user copies it from thisisant.com into a small text
// file, by default $XDG_CONFIG_HOME/resonant/ant-plus.conf (~/.config/resonant/ant-plus.conf):
//
//   # ANT+ network key from thisisant.com (ANT+ Adopter area)
//   network_key = 01 02 03 04 05 06 07 08      <- the layout only: a fake key
//
// Bytes in hex, separated by spaces, ':' or ',', each with or without a 0x prefix (or all 16
// digits in one run). '#' starts a comment. Blank lines are ignored; any other key is an error.
//
// Pure functions apart from load_ant_plus_options() (reads one file) and
// default_ant_plus_config_path() (reads the environment). Safe from any thread.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

using AntNetworkKey = std::array<std::uint8_t, 8>;

/// $XDG_CONFIG_HOME/resonant/ant-plus.conf, or ~/.config/resonant/ant-plus.conf when
/// XDG_CONFIG_HOME is unset or not absolute.
std::filesystem::path default_ant_plus_config_path();

/// A parsed configuration text: the key, or what is wrong ("<source>:<line>: ...").
struct AntPlusConfigParse {
  std::optional<AntNetworkKey> key;
  std::string error;  // empty when key is set
};
AntPlusConfigParse parse_ant_plus_config(std::string_view text, std::string_view source_name);

/// Reads the file. options.ant_key_source is always the path; options.ant_network_key is set
/// when the file exists and is valid. error says what is wrong otherwise (missing file,
/// unreadable, syntax), with what to do.
struct AntPlusOptionsLoad {
  ProtocolOptions options;
  std::string error;  // empty when the key was loaded
};
AntPlusOptionsLoad load_ant_plus_options(
    const std::filesystem::path& path = default_ant_plus_config_path());

/// What the user must do to give Resonant the key (where, the format, where it comes from).
std::string ant_plus_key_advice(const std::string& config_path);

}  // namespace resonant::drivers
