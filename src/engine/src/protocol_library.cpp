#include <resonant/engine/protocol_library.hpp>

#include <algorithm>
#include <cctype>
#include <system_error>

#include <resonant/storage/xdg_paths.hpp>

#ifndef RESONANT_PROTOCOL_DIR
#error "RESONANT_PROTOCOL_DIR must name the shipped protocols folder (src/engine/CMakeLists.txt)"
#endif

namespace resonant::engine {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::filesystem::path> toml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::filesystem::path shipped_protocol_dir() { return RESONANT_PROTOCOL_DIR; }

std::filesystem::path user_protocol_dir() { return storage::data_dir() / "protocols"; }

std::vector<ProtocolEntry> list_protocols() {
  std::vector<ProtocolEntry> out;
  for (const bool shipped : {false, true}) {
    for (const auto& path : toml_files(shipped ? shipped_protocol_dir() : user_protocol_dir())) {
      ProtocolEntry e;
      e.path = path;
      e.shipped = shipped;
      try {
        e.protocol = load_protocol_file(path.string());
      } catch (const ProtocolError& err) {
        e.error = err.what();
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

Protocol find_protocol(const std::string& name) {
  const std::string wanted = lower(name);
  std::string known;
  for (auto& e : list_protocols()) {
    const bool by_stem = lower(e.path.stem().string()) == wanted;
    const bool by_name = e.protocol && lower(e.protocol->name) == wanted;
    if (by_stem || by_name) {
      if (!e.protocol) throw ProtocolError(e.error);
      return std::move(*e.protocol);
    }
    known += (known.empty() ? "" : ", ") + e.path.stem().string();
  }
  throw ProtocolError("no protocol named '" + name + "' (known: " + known + "; user protocols go in " +
                      user_protocol_dir().string() + ")");
}

std::string time_limit_refusal(const Protocol& protocol) {
  if (protocol.has_fade_out()) return "";
  std::string accepting;
  for (const auto& e : list_protocols()) {
    if (!e.protocol || !e.protocol->has_fade_out()) continue;
    const std::string stem = e.path.stem().string();
    if (accepting.find("'" + stem + "'") != std::string::npos) continue;  // a user's copy
    accepting += (accepting.empty() ? "'" : ", '") + stem + "'";
  }
  return "the protocol \"" + protocol.name +
         "\" has no fade_out step, so a time limit cannot shorten it; leave out the time limit, "
         "or choose a protocol that fades out (" +
         (accepting.empty() ? std::string("none is installed") : "they accept one: " + accepting) + ")";
}

}  // namespace resonant::engine
