package dev.copilotj.samples.chat;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Repository;

/** The sample shop's orders, in memory, with a few to ask about. */
@Repository
public class OrderRepository {

  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicLong lookups = new AtomicLong();

  /** Creates the repository with the sample orders 1041 to 1045. */
  public OrderRepository() {
    LocalDate today = LocalDate.now();
    List.of(
        new Order("1041", "Grace Hopper", "a box of 100 compiler stickers", Order.Status.DELIVERED,
            today.minusDays(6), null),
        new Order("1042", "Ada Lovelace", "a mechanical keyboard", Order.Status.SHIPPED, today.minusDays(1),
            today.plusDays(2)),
        new Order("1043", "Alan Turing", "two coffee mugs", Order.Status.PACKED, today, null),
        new Order("1044", "Edsger Dijkstra", "a fountain pen", Order.Status.RECEIVED, today, null),
        new Order("1045", "Barbara Liskov", "a standing desk", Order.Status.CANCELLED, today.minusDays(3), null))
        .forEach(this::save);
  }

  /**
   * Finds an order.
   *
   * @param number the order number, with or without a leading {@code #}
   * @return the order, if there is one
   */
  public Optional<Order> find(String number) {
    lookups.incrementAndGet();
    String key = number.trim();
    if (key.startsWith("#")) {
      key = key.substring(1);
    }
    return Optional.ofNullable(orders.get(key));
  }

  /**
   * Adds or replaces an order.
   *
   * @param order the order
   */
  public void save(Order order) {
    orders.put(order.number(), order);
  }

  /** @return all orders, by number */
  public Collection<Order> findAll() {
    return orders.values().stream().sorted((a, b) -> a.number().compareTo(b.number())).toList();
  }

  /** @return how many lookups {@link #find} served; the tests use it to see the tool ran */
  public long lookups() {
    return lookups.get();
  }
}
