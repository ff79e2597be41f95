package dev.copilotj.samples.chat;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * An order of the sample's little shop.
 *
 * @param number the order number customers quote
 * @param customer who ordered
 * @param item what was ordered
 * @param status where the order is
 * @param since when it reached that status
 * @param expectedDelivery when it should arrive, if it is on its way
 */
public record Order(String number, String customer, String item, Status status, LocalDate since,
    @Nullable LocalDate expectedDelivery) {

  /** Where an order is. */
  public enum Status {
    /** Received, not packed yet. */
    RECEIVED,
    /** Packed, waiting for the carrier. */
    PACKED,
    /** With the carrier. */
    SHIPPED,
    /** Arrived. */
    DELIVERED,
    /** Cancelled by the customer. */
    CANCELLED
  }

  /** @return one sentence describing the order's status, for people and models alike */
  public String describe() {
    String what = "Order " + number + " (" + item + " for " + customer + ")";
    return switch (status) {
      case RECEIVED -> what + " was received on " + since + " and is waiting to be packed.";
      case PACKED -> what + " was packed on " + since + " and is waiting for the carrier.";
      case SHIPPED -> what + " has shipped on " + since + " and should arrive by " + expectedDelivery + ".";
      case DELIVERED -> what + " was delivered on " + since + ".";
      case CANCELLED -> what + " was cancelled on " + since + ".";
    };
  }
}
