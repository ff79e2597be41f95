package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The page is bound to the loopback address: only this machine can open it unless server.address says otherwise. */
class LoopbackIT extends ChatTestSupport {

  @Value("${server.address}")
  String address;

  @Test
  void theServerListensOnLoopbackOnly() throws Exception {
    assertThat(InetAddress.getByName(address).isLoopbackAddress()).as("server.address %s", address).isTrue();
    assertThat(get("/api/info").statusCode()).isEqualTo(200);

    // every non-loopback IPv4 address of this machine refuses the port (there is one in any networked machine)
    List<InetAddress> others = nonLoopbackAddresses();
    for (InetAddress other : others) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(other, port), 2000);
        }
      }).as("connecting to %s:%d", other.getHostAddress(), port).isInstanceOf(IOException.class);
    }
  }

  @Test
  void theReadyLogSaysWhoCanOpenThePage() {
    assertThat(ReadyLog.reach("127.0.0.1")).startsWith("Only this machine can open it");
    assertThat(ReadyLog.reach("0.0.0.0")).startsWith("Open to the network");
    assertThat(ReadyLog.reach(null)).startsWith("Open to the network");
  }

  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(network -> {
          try {
            return network.isUp() && !network.isLoopback();
          } catch (SocketException e) {
            return false;
          }
        })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(inet -> inet instanceof Inet4Address && !inet.isLoopbackAddress())
        .toList();
  }
}
