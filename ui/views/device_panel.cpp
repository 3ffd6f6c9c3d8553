// The sensor panel: the simulated person or a serial port + protocol (or auto-detection),
// with the link's state and counters. Ports are listed on another thread (std::async), so the
// UI never waits on /dev or /sys; connecting is a Command, done by the engine.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kPanelTitle = "Sensor";
constexpr const char* kAutoLabel = "Detect automatically";

void start_scan(DevicePanelState& d) {
  d.scanning = std::async(std::launch::async, [] { return engine::list_ports(); });
}

/// Collects a finished scan; keeps the chosen port selected if it is still there.
void collect_scan(DevicePanelState& d) {
  if (!d.scanning.valid() ||
      d.scanning.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return;
  }
  const std::string chosen = d.port_index >= 0 && d.port_index < static_cast<int>(d.ports.size())
                                 ? d.ports[static_cast<std::size_t>(d.port_index)].path
                                 : std::string();
  d.ports = d.scanning.get();
  d.scanned = true;
  d.port_index = d.ports.empty() ? -1 : 0;
  for (std::size_t i = 0; i < d.ports.size(); ++i) {
    if (d.ports[i].path == chosen) d.port_index = static_cast<int>(i);
  }
}

std::string port_label(const engine::PortDescription& p) {
  std::string what = p.bluetooth ? "Bluetooth serial" : p.product.empty() ? p.manufacturer : p.product;
  if (what.empty()) what = p.usb ? "USB device" : "serial port";
  return p.path + "  \xE2\x80\x94  " + what;
}

std::string protocol_label(const engine::ProtocolDescription& p) {
  return p.title + (p.experimental ? " (experimental)" : "");
}

/// The protocol list index (1-based; 0 = auto) of a protocol name, or 0.
int protocol_index_of(const DevicePanelState& d, const std::string& name) {
  for (std::size_t i = 0; i < d.protocols.size(); ++i) {
    if (d.protocols[i].name == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

void counters_line(const engine::Snapshot& snap) {
  const LinkCounters& c = snap.counters;
  text_coloured_wrapped(palette::kTextMuted, link_counters_words(c).c_str());
  char detail[256];
  std::snprintf(detail, sizeof detail,
                "%" PRIu64 " frames, %" PRIu64 " checksum errors, %" PRIu64 " malformed, %" PRIu64
                " missing (sequence gaps), %" PRIu64 " reconnects, %" PRIu64 " bytes",
                c.frames, c.crc_errors, c.framing_errors, c.seq_gaps, c.reconnects, c.bytes);
  item_tooltip(detail);
}

}  // namespace

engine::SourceSpec device_panel_source(const DevicePanelState& d,
                                       const std::optional<engine::SourceSpec>& was) {
  engine::SourceSpec spec = was.value_or(engine::SourceSpec{});
  if (!d.serial) {
    spec.kind = engine::SourceKind::kSimulated;
    return spec;
  }
  spec.kind = engine::SourceKind::kSerial;
  if (d.port_index >= 0 && d.port_index < static_cast<int>(d.ports.size())) {
    const auto& p = d.ports[static_cast<std::size_t>(d.port_index)];
    spec.port = p.by_id.empty() ? p.path : p.by_id;  // a stable name survives replugging
  } else {
    spec.port = d.typed_port.data();
  }
  spec.protocol = d.protocol_index == 0
                      ? "auto"
                      : d.protocols[static_cast<std::size_t>(d.protocol_index - 1)].name;
  return spec;
}

void draw_device_panel(const engine::Snapshot& snap, ViewState& state) {
  DevicePanelState& d = state.devices;
  if (!d.open) return;
  if (d.protocols.empty()) {
    d.protocols = engine::protocols();  // a static table: no I/O
    if (state.source && state.source->kind == engine::SourceKind::kSerial) {
      d.serial = true;
      d.protocol_index = protocol_index_of(d, state.source->protocol);
      std::snprintf(d.typed_port.data(), d.typed_port.size(), "%s", state.source->port.c_str());
    }
  }
  if (!d.scanned && !d.scanning.valid()) start_scan(d);
  collect_scan(d);

  const float em = ImGui::GetFontSize();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + em * 4.0f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(em * 34.0f, vp->WorkSize.x * 0.92f), 0.0f),
                           ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.4f, em * 1.1f));
  bool keep_open = true;
  if (ImGui::Begin(kPanelTitle, &keep_open,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_AlwaysAutoResize)) {
    const float field_w = em * 24.0f;
    text_coloured(palette::kTextMuted, "Where your heart signal comes from");
    ImGui::Dummy(ImVec2(0.0f, em * 0.2f));
    if (ImGui::RadioButton("Simulated person (no sensor needed)", !d.serial)) d.serial = false;
    if (ImGui::RadioButton("A sensor on a serial port", d.serial)) d.serial = true;

    if (d.serial) {
      ImGui::Dummy(ImVec2(0.0f, em * 0.3f));
      ImGui::TextUnformatted("Port");
      ImGui::SetNextItemWidth(field_w);
      const std::string current =
          d.port_index >= 0 && d.port_index < static_cast<int>(d.ports.size())
              ? port_label(d.ports[static_cast<std::size_t>(d.port_index)])
              : std::string("Type a path below");
      if (ImGui::BeginCombo("##port", current.c_str())) {
        for (std::size_t i = 0; i < d.ports.size(); ++i) {
          const bool selected = static_cast<int>(i) == d.port_index;
          if (ImGui::Selectable(port_label(d.ports[i]).c_str(), selected)) {
            d.port_index = static_cast<int>(i);
            // Offer the protocol the port most likely speaks, when there is only one.
            if (d.ports[i].likely_protocols.size() == 1) {
              d.protocol_index = protocol_index_of(d, d.ports[i].likely_protocols.front());
            }
          }
        }
        if (ImGui::Selectable("Type a path below", d.port_index < 0)) d.port_index = -1;
        ImGui::EndCombo();
      }
      ImGui::SameLine();
      const bool busy = d.scanning.valid();
      if (busy) ImGui::BeginDisabled();
      if (ImGui::Button(busy ? "Looking\xE2\x80\xA6" : "Look again")) start_scan(d);
      if (busy) ImGui::EndDisabled();
      if (d.scanned && d.ports.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w + em * 6.0f);
        text_coloured(palette::kTextMuted,
                      "No serial ports found. Plug the sensor in (USB), or pair a Bluetooth "
                      "sensor and bind it with: sudo rfcomm bind 0 <address>");
        ImGui::PopTextWrapPos();
      } else if (d.port_index >= 0 && d.port_index < static_cast<int>(d.ports.size())) {
        const auto& p = d.ports[static_cast<std::size_t>(d.port_index)];
        if (!p.guess_reason.empty()) {
          text_coloured(palette::kTextMuted, ("Looks like " + p.guess_reason).c_str());
        }
      }
      if (d.port_index < 0) {
        ImGui::SetNextItemWidth(field_w);
        ImGui::InputTextWithHint("##typed", "/dev/ttyUSB0", d.typed_port.data(), d.typed_port.size());
      }

      ImGui::Dummy(ImVec2(0.0f, em * 0.3f));
      ImGui::TextUnformatted("Protocol");
      ImGui::SetNextItemWidth(field_w);
      const std::string proto =
          d.protocol_index == 0 ? kAutoLabel
                                : protocol_label(d.protocols[static_cast<std::size_t>(d.protocol_index - 1)]);
      if (ImGui::BeginCombo("##protocol", proto.c_str())) {
        if (ImGui::Selectable(kAutoLabel, d.protocol_index == 0)) d.protocol_index = 0;
        for (std::size_t i = 0; i < d.protocols.size(); ++i) {
          const std::string label = protocol_label(d.protocols[i]) + "  [" + d.protocols[i].settings + "]";
          if (ImGui::Selectable(label.c_str(), d.protocol_index == static_cast<int>(i) + 1)) {
            d.protocol_index = static_cast<int>(i) + 1;
          }
        }
        ImGui::EndCombo();
      }
    }

    ImGui::Dummy(ImVec2(0.0f, em * 0.5f));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0.0f, em * 0.2f));
    ImGui::Text("Now: %s", std::string(link_state_label(snap.link_state)).c_str());
    if (!snap.link_message.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w + em * 6.0f);
      text_coloured(palette::kTextMuted, snap.link_message.chars.data());
      ImGui::PopTextWrapPos();
    }
    counters_line(snap);
    ImGui::Dummy(ImVec2(0.0f, em * 0.5f));

    const engine::SourceSpec spec = device_panel_source(d, state.source);
    const bool can_connect = spec.kind != engine::SourceKind::kSerial || !spec.port.empty();
    if (!can_connect) ImGui::BeginDisabled();
    if (ImGui::Button("Connect")) {
      state.commands.emplace_back(engine::ConnectCommand{spec});
      state.source = spec;
      state.status.failed_dismissed = false;
      keep_open = false;
    }
    if (!can_connect) ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Close")) keep_open = false;
  }
  ImGui::End();
  ImGui::PopStyleVar();
  d.open = keep_open;
}

}  // namespace resonant::ui
