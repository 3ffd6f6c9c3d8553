// Port discovery on a fake /dev + /sys tree: what is listed, the USB details read from sysfs,
// the guessed protocols, and finding a device again by its serial number.
#include <resonant/drivers/port_discovery.hpp>

#include <gtest/gtest.h>

#include "fake_port_tree.hpp"

namespace resonant::drivers {
namespace {

using testing::FakePortTree;
using testing::FakeUsbIdentity;

TEST(PortDiscovery, ListsUsbAcmAndBluetoothPortsWithTheirUsbDetails) {
  FakePortTree tree;
  FakeUsbIdentity ant{"0fcf", "1008", "123456", "Dynastream Innovations", "ANT USBStick2", "usb_serial_simple"};
  tree.plug_usb("ttyUSB0", "/dev/null", ant, "1-1");
  FakeUsbIdentity arduino{"2341", "0043", "7573530323", "Arduino (www.arduino.cc)", "Arduino Uno", "cdc_acm"};
  tree.plug_usb("ttyACM0", "/dev/null", arduino, "1-2");
  tree.plug_rfcomm("rfcomm0", "/dev/null");
  tree.plug_rfcomm("ttyS0", "/dev/null");  // a built-in UART: not listed

  const auto ports = list_serial_ports(tree.roots());
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_EQ(ports[0].kernel_name, "rfcomm0");
  EXPECT_TRUE(ports[0].bluetooth);
  EXPECT_FALSE(ports[0].usb);
  EXPECT_EQ(ports[0].likely_protocols.front(), "hxm");

  EXPECT_EQ(ports[1].kernel_name, "ttyACM0");
  EXPECT_EQ(ports[1].vendor_id, 0x2341);
  EXPECT_EQ(ports[1].driver, "cdc_acm");
  EXPECT_EQ(ports[1].likely_protocols.front(), "resonant");

  const SerialPortInfo& stick = ports[2];
  EXPECT_EQ(stick.path, tree.dev_path("ttyUSB0"));
  EXPECT_TRUE(stick.usb);
  EXPECT_EQ(stick.vendor_id, 0x0fcf);
  EXPECT_EQ(stick.product_id, 0x1008);
  EXPECT_EQ(stick.serial_number, "123456");
  EXPECT_EQ(stick.product, "ANT USBStick2");
  EXPECT_EQ(stick.driver, "usb_serial_simple");
  EXPECT_NE(stick.by_id.find("by-id/usb-Dynastream_123456-if00-port0"), std::string::npos) << stick.by_id;
  ASSERT_EQ(stick.likely_protocols.size(), 1u);
  EXPECT_EQ(stick.likely_protocols[0], "ant-plus");
  EXPECT_EQ(stick.guess_reason, "Dynastream ANT USB stick");
}

TEST(PortDiscovery, AnEmptyMachineListsNothing) {
  FakePortTree tree;
  EXPECT_TRUE(list_serial_ports(tree.roots()).empty());
  DiscoveryRoots missing{"/nonexistent/dev", "/nonexistent/sys"};
  EXPECT_TRUE(list_serial_ports(missing).empty());
}

TEST(PortDiscovery, DescribesAPortByItsStableByIdName) {
  FakePortTree tree;
  tree.plug_usb("ttyUSB3", "/dev/null", FakeUsbIdentity{});
  const auto ports = list_serial_ports(tree.roots());
  ASSERT_EQ(ports.size(), 1u);
  const auto by_id = describe_serial_port(ports[0].by_id, tree.roots());
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->kernel_name, "ttyUSB3");
  EXPECT_EQ(by_id->serial_number, "0001");
  EXPECT_FALSE(describe_serial_port(tree.dev_path("ttyUSB9"), tree.roots()).has_value());
}

TEST(PortDiscovery, FindsTheSameDeviceAgainUnderAnotherName) {
  FakePortTree tree;
  FakeUsbIdentity id;
  id.serial = "SENSOR-42";
  tree.plug_usb("ttyUSB0", "/dev/null", id);
  EXPECT_EQ(find_port_by_usb_serial("SENSOR-42", 0x10c4, 0xea60, tree.roots()), tree.dev_path("ttyUSB0"));
  tree.unplug("ttyUSB0");
  EXPECT_FALSE(find_port_by_usb_serial("SENSOR-42", 0, 0, tree.roots()).has_value());
  tree.plug_usb("ttyUSB1", "/dev/null", id);
  EXPECT_EQ(find_port_by_usb_serial("SENSOR-42", 0, 0, tree.roots()), tree.dev_path("ttyUSB1"));
  // Same serial, other chip: not the same device.
  EXPECT_FALSE(find_port_by_usb_serial("SENSOR-42", 0x0403, 0, tree.roots()).has_value());
  EXPECT_FALSE(find_port_by_usb_serial("", 0, 0, tree.roots()).has_value());
}

TEST(PortDiscovery, GuessesFromIdsAndStrings) {
  SerialPortInfo p;
  p.usb = true;
  p.vendor_id = 0x067b;
  p.product_id = 0x2303;
  guess_protocols(p);
  EXPECT_EQ(p.likely_protocols.front(), "cms50");
  p.vendor_id = 0x1234;
  p.product_id = 0x5678;
  p.product = "Nonin Xpod";
  guess_protocols(p);
  EXPECT_EQ(p.likely_protocols.front(), "nonin");
  p.product = "Mystery";
  guess_protocols(p);
  EXPECT_TRUE(p.likely_protocols.empty());
  EXPECT_EQ(p.guess_reason, "an unknown USB device");
}

}  // namespace
}  // namespace resonant::drivers
