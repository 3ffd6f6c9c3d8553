#pragma once
// The built sensor firmware (resonant_sensor.elf) running in simavr as an ATmega328P at
// 16 MHz: waveforms drive its analog pins, its UART bytes come out here and host bytes go in.
//
// Analog inputs: when the firmware starts a conversion (simavr's ADC trigger), the input of
// that pin is asked for its value at that exact simulated time, in ADC counts; the harness
// hands simavr the millivolts that convert to exactly those counts (AVcc = 5 V). Every read
// is logged with its CPU cycle, so sample timing and values can be checked against what the
// firmware sent.
//
// Threading contract: not synchronised; one owner thread drives it (simavr is single-threaded).
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <vector>

struct avr_t;
struct avr_irq_t;

namespace resonant::testing {

struct AdcRead {
  std::uint8_t pin = 0;
  std::uint64_t cycle = 0;     // CPU cycle at which the conversion started
  std::uint16_t counts = 0;    // what the firmware read
};

class AvrSensor {
 public:
  static constexpr std::uint32_t kCpuHz = 16'000'000;
  static constexpr std::uint32_t kAvccMv = 5000;
  static constexpr std::size_t kPins = 3;  // A0 PPG, A1 belt, A2 skin conductance
  /// ADC counts (0..1023) on a pin at simulated time t_s.
  using Waveform = std::function<std::uint16_t(double t_s)>;

  /// Loads the ELF; throws std::runtime_error naming the file when simavr cannot.
  AvrSensor(const std::filesystem::path& elf, std::array<Waveform, kPins> inputs);
  ~AvrSensor();
  AvrSensor(const AvrSensor&) = delete;
  AvrSensor& operator=(const AvrSensor&) = delete;

  /// Runs the AVR as fast as the host can until simulated time t_s (seconds since reset).
  /// Throws if the firmware crashes or stops.
  void run_until(double t_s);
  /// Host -> sensor bytes; fed into the UART as fast as its receive FIFO accepts them.
  void send(std::span<const std::uint8_t> bytes);
  /// Sensor -> host bytes since the last call.
  std::vector<std::uint8_t> take_output();

  double time_s() const;
  std::uint64_t cycle() const;
  const std::vector<AdcRead>& reads() const { return reads_; }

 private:
  static void on_uart_output(avr_irq_t* irq, std::uint32_t value, void* self);
  static void on_uart_xon(avr_irq_t* irq, std::uint32_t value, void* self);
  static void on_uart_xoff(avr_irq_t* irq, std::uint32_t value, void* self);
  static void on_adc_trigger(avr_irq_t* irq, std::uint32_t value, void* self);
  void feed_uart();

  avr_t* avr_ = nullptr;
  std::array<Waveform, kPins> inputs_;
  std::vector<AdcRead> reads_;
  std::vector<std::uint8_t> output_;
  std::vector<std::uint8_t> input_;  // waiting for room in the UART FIFO
  std::size_t input_pos_ = 0;
  bool uart_full_ = false;
};

}  // namespace resonant::testing
