/*
 * USART0 (the USB-serial pins of an Uno/Nano) at RSP_DEFAULT_BAUD, 8N1, no flow control,
 * interrupt-driven both ways.
 *
 * Threading contract: uart_write/uart_read from the main loop only; the interrupts own the
 * other ends of the rings.
 */
#ifndef RESONANT_FW_UART_H
#define RESONANT_FW_UART_H

#include <stddef.h>
#include <stdint.h>

void uart_init(void);
/* Queues bytes for sending; waits (interrupts on) while the transmit ring is full. */
void uart_write(void* ctx, const uint8_t* bytes, size_t n);
/* Next received byte into *byte; 0 when none is waiting. */
uint8_t uart_read(uint8_t* byte);
uint8_t uart_rx_pending(void);

#endif /* RESONANT_FW_UART_H */
