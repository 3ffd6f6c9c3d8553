/* Interrupt-driven USART0 (see uart.h). */
#include "uart.h"

#include <avr/interrupt.h>
#include <avr/io.h>

#include "resonant_protocol.h"

/* Baud divisor in double-speed mode (U2X0): F_CPU / (8 * (UBRR + 1)), rounded to nearest.
 * At 16 MHz and 115200 baud UBRR = 16 gives 117647 baud, +2.1 %: the best a 16 MHz clock
 * can do (single speed: -3.5 %), the setting the Arduino core and bootloader use, and within
 * what USB-serial chips (CH340, FT232, 16U2) accept. The bound below keeps it that way. */
#define UART_UBRR ((F_CPU + 4ul * RSP_DEFAULT_BAUD) / (8ul * RSP_DEFAULT_BAUD) - 1ul)
#define UART_ACTUAL_BAUD (F_CPU / (8ul * (UART_UBRR + 1ul)))
#define UART_MAX_ERROR_PERMILLE 25l
_Static_assert((long)UART_ACTUAL_BAUD * 1000l - (long)RSP_DEFAULT_BAUD * 1000l <=
                       UART_MAX_ERROR_PERMILLE * (long)RSP_DEFAULT_BAUD &&
                   (long)RSP_DEFAULT_BAUD * 1000l - (long)UART_ACTUAL_BAUD * 1000l <=
                       UART_MAX_ERROR_PERMILLE * (long)RSP_DEFAULT_BAUD,
               "baud error above 2.5 %: change F_CPU or the baud");

/* Power-of-two rings indexed by free-running 8-bit counters. A SAMPLES frame of the PPG is
 * 62 bytes on the wire; 256 bytes hold the largest burst (START's answer, ~190 bytes). */
#define UART_TX_SIZE 256u /* the 8-bit counters wrap with the ring */
#define UART_RX_SIZE 32u
_Static_assert((UART_RX_SIZE & (UART_RX_SIZE - 1u)) == 0u, "ring sizes are powers of two");

static uint8_t tx_ring[UART_TX_SIZE];
static volatile uint8_t tx_head; /* written by the main loop */
static volatile uint8_t tx_tail; /* written by the UDRE interrupt */
static uint8_t rx_ring[UART_RX_SIZE];
static volatile uint8_t rx_head; /* written by the RX interrupt */
static volatile uint8_t rx_tail; /* written by the main loop */

void uart_init(void) {
  UBRR0H = (uint8_t)(UART_UBRR >> 8);
  UBRR0L = (uint8_t)(UART_UBRR & 0xFFu);
  UCSR0A = (uint8_t)(1u << U2X0);
  UCSR0C = (uint8_t)((1u << UCSZ01) | (1u << UCSZ00)); /* 8N1 */
  UCSR0B = (uint8_t)((1u << RXEN0) | (1u << TXEN0) | (1u << RXCIE0));
}

void uart_write(void* ctx, const uint8_t* bytes, size_t n) {
  size_t i;
  (void)ctx;
  for (i = 0; i < n; ++i) {
    /* Full (one slot stays free so full and empty differ): the UDRE interrupt drains it. */
    while ((uint8_t)(tx_head + 1u) == tx_tail) {
    }
    tx_ring[tx_head] = bytes[i];
    tx_head = (uint8_t)(tx_head + 1u);
    UCSR0B |= (uint8_t)(1u << UDRIE0);
  }
}

uint8_t uart_read(uint8_t* byte) {
  if (rx_head == rx_tail) return 0;
  *byte = rx_ring[rx_tail & (UART_RX_SIZE - 1u)];
  rx_tail = (uint8_t)(rx_tail + 1u);
  return 1;
}

uint8_t uart_rx_pending(void) { return rx_head != rx_tail; }

ISR(USART_UDRE_vect) {
  if (tx_head == tx_tail) {
    UCSR0B &= (uint8_t)~(1u << UDRIE0);
    return;
  }
  UDR0 = tx_ring[tx_tail];
  tx_tail = (uint8_t)(tx_tail + 1u);
}

ISR(USART_RX_vect) {
  const uint8_t status = UCSR0A;
  const uint8_t byte = UDR0;
  if (status & (uint8_t)((1u << FE0) | (1u << DOR0))) return; /* a broken byte: the CRC would fail */
  if ((uint8_t)(rx_head - rx_tail) >= UART_RX_SIZE) return;   /* full: the host resends START */
  rx_ring[rx_head & (UART_RX_SIZE - 1u)] = byte;
  rx_head = (uint8_t)(rx_head + 1u);
}
