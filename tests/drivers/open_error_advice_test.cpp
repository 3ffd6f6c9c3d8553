// What a person reads when a port cannot be opened. (Permission errors cannot be produced
// for real when the suite runs as root, so the advice is tested directly.)
#include <resonant/drivers/serial_source.hpp>

#include <cerrno>

#include <gtest/gtest.h>

namespace resonant::drivers {
namespace {

TEST(OpenErrorAdvice, PermissionDeniedExplainsTheDialoutGroupAndDoesNotRetry) {
  const auto a = advise_open_error("/dev/ttyUSB0", EACCES, "Permission denied");
  EXPECT_NE(a.message.find("dialout"), std::string::npos);
  EXPECT_NE(a.message.find("usermod -aG dialout"), std::string::npos);
  EXPECT_FALSE(a.retry_may_help);
}

TEST(OpenErrorAdvice, BusyPortNamesTheOtherProgramAndRetries) {
  const auto a = advise_open_error("/dev/ttyACM0", EBUSY, "Device or resource busy");
  EXPECT_NE(a.message.find("another program"), std::string::npos);
  EXPECT_TRUE(a.retry_may_help);
}

TEST(OpenErrorAdvice, MissingDeviceAsksWhetherItIsPluggedIn) {
  const auto a = advise_open_error("/dev/ttyUSB3", ENOENT, "No such file or directory");
  EXPECT_NE(a.message.find("plugged in"), std::string::npos);
  EXPECT_TRUE(a.retry_may_help);
}

TEST(OpenErrorAdvice, NotATerminalSaysItIsNotASerialPort) {
  const auto a = advise_open_error("/dev/null", ENOTTY, "Inappropriate ioctl for device");
  EXPECT_NE(a.message.find("not a serial port"), std::string::npos);
  EXPECT_FALSE(a.retry_may_help);
}

}  // namespace
}  // namespace resonant::drivers
