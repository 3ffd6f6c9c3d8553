// The sensor panel: offers the simulated person or a port + protocol, lists what port
// discovery found (set directly here, no scan), says what to do when there is no port, and
// shows the link's state and counters.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;


engine::PortDescription ant_stick() {
  engine::PortDescription p;
  p.path = "/dev/ttyUSB0";
  p.by_id = "/dev/serial/by-id/usb-Dynastream_123-if00-port0";
  p.usb = true;
  p.product = "ANT USBStick2";
  p.likely_protocols = {"ant-plus"};
  p.guess_reason = "Dynastream ANT USB stick";
  return p;
}

TEST(DevicePanel, ClosedDrawsNothing) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.frame([&] { draw_device_panel(*snap, h.state); }, false);
  EXPECT_EQ(ImGui::FindWindowByName("Sensor"), nullptr);
}

/// The panel's window after two frames (an auto-sized window measures itself first).
const ImGuiWindow* panel_window(ImGuiHarness& h, const engine::Snapshot& snap) {
  for (int frame = 0; frame < 2; ++frame) h.frame([&] { draw_device_panel(snap, h.state); }, false);
  return ImGui::FindWindowByName("Sensor");
}

TEST(DevicePanel, OpensAsAWindowWithTheEnginesProtocols) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.state.devices.open = true;
  h.state.devices.serial = true;
  h.state.devices.scanned = true;
  h.state.devices.ports = {ant_stick()};
  h.state.devices.port_index = 0;
  const ImGuiWindow* w = panel_window(h, *snap);
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(w->WasActive);
  EXPECT_GT(w->Size.x, 300.0f);
  EXPECT_GT(w->Size.y, 200.0f) << "source choice, port, protocol, state, buttons";
  EXPECT_FALSE(h.state.devices.protocols.empty()) << "the protocol list comes from the engine";
  EXPECT_EQ(h.state.devices.protocols.front().name, "resonant");
  EXPECT_TRUE(h.state.devices.open);
}

TEST(DevicePanel, ConnectAsksForTheStableNameAndTheChosenProtocol) {
  DevicePanelState d;
  d.serial = true;
  d.ports = {ant_stick()};
  d.port_index = 0;
  d.protocols = engine::protocols();
  d.protocol_index = 0;
  engine::SourceSpec spec = device_panel_source(d, std::nullopt);
  EXPECT_EQ(spec.kind, engine::SourceKind::kSerial);
  EXPECT_EQ(spec.port, "/dev/serial/by-id/usb-Dynastream_123-if00-port0");
  EXPECT_EQ(spec.protocol, "auto");
  d.protocol_index = 1;
  EXPECT_EQ(device_panel_source(d, std::nullopt).protocol, d.protocols[0].name);
  // A typed path when no listed port is chosen.
  d.port_index = -1;
  std::snprintf(d.typed_port.data(), d.typed_port.size(), "/dev/rfcomm0");
  EXPECT_EQ(device_panel_source(d, std::nullopt).port, "/dev/rfcomm0");
  // The simulated person keeps the current simulation settings.
  d.serial = false;
  engine::SourceSpec was;
  was.kind = engine::SourceKind::kSimulated;
  was.speed = 10.0;
  spec = device_panel_source(d, was);
  EXPECT_EQ(spec.kind, engine::SourceKind::kSimulated);
  EXPECT_EQ(spec.speed, 10.0);
}

}  // namespace
}  // namespace resonant::ui
