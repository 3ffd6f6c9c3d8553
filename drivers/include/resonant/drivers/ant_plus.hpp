#pragma once
// ANT+ heart-rate strap through an ANT USB stick (sensor-protocols.md §3): the protocol
// handler. Catalog name "ant-plus", 115200 8N1 (ignored by ANTUSB2/ANTUSB-m).
//
// Pieces: ant::Framer (bytes -> messages), ant::ChannelControl (the channel-open sequence,
// retries, reopening the search), AntHrmDecoder (data pages -> beats). The network key comes
// from ProtocolOptions (see ant_plus_key.hpp); without it fatal_error() tells the user where
// to put it.
#include <memory>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

std::unique_ptr<ProtocolHandler> make_ant_plus_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
