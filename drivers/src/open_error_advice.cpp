#include <cerrno>

#include <resonant/drivers/serial_source.hpp>

namespace resonant::drivers {

OpenErrorAdvice advise_open_error(const std::string& port, int errno_value,
                                  const std::string& system_message) {
  switch (errno_value) {
    case EACCES:
    case EPERM:
      return {"permission denied on " + port +
                  ": add your user to the dialout group (sudo usermod -aG dialout $USER), then log "
                  "out and back in",
              false};
    case EBUSY:
      return {port + " is busy: another program is using it (close that program; `fuser " + port +
                  "` shows which)",
              true};
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return {"cannot open " + port +
                  ": no such device. Is the sensor plugged in and switched on? Serial ports are "
                  "/dev/ttyUSB*, /dev/ttyACM*, /dev/rfcomm* and /dev/serial/by-id/*",
              true};
    case ENOTTY:
      return {port + " is not a serial port (" + system_message +
                  "): check the port name; serial ports are /dev/ttyUSB*, /dev/ttyACM*, "
                  "/dev/rfcomm* and /dev/serial/by-id/*",
              false};
    default:
      return {"cannot open " + port + ": " + system_message, true};
  }
}

}  // namespace resonant::drivers
