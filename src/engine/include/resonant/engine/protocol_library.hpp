#pragma once
// Where protocol files are found: the shipped ones (src/engine/protocols in the source tree,
// whose path is compiled in) and the user's own in $XDG_DATA_HOME/resonant/protocols
// (default ~/.local/share/resonant/protocols). A user protocol with the same name as a
// shipped one comes first, so a therapist can adapt a shipped protocol under its name.
#include <filesystem>
#include <string>
#include <vector>

#include <resonant/engine/protocol.hpp>

namespace resonant::engine {

std::filesystem::path shipped_protocol_dir();
std::filesystem::path user_protocol_dir();

struct ProtocolEntry {
  std::filesystem::path path;
  bool shipped = false;
  std::optional<Protocol> protocol;  // empty when the file has an error
  std::string error;                 // "file:line: ..." when it does not parse
};

/// Every *.toml in the user folder, then the shipped folder, each sorted by file name.
std::vector<ProtocolEntry> list_protocols();

/// The protocol whose [protocol] name or file stem (e.g. "resonance_assessment") matches,
/// case-insensitively. Throws ProtocolError naming the known protocols when none does, or
/// the file's own error when the matching file does not parse.
Protocol find_protocol(const std::string& name);

/// "" when the protocol takes a time limit (time_limit_min, StartProtocolCommand::time_limit_s:
/// only a protocol with a fade_out step can be shortened); else one message naming it and the
/// installed protocols that take one. Reads the protocol folders: call it from a controller
/// (CLI, app), never on the engine thread.
std::string time_limit_refusal(const Protocol& protocol);

}  // namespace resonant::engine
