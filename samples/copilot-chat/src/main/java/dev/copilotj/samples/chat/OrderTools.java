package dev.copilotj.samples.chat;

import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's tools. Every {@link ToolDefinition} bean is offered to the sessions the auto-configured client
 * creates with its defaults; the handlers run on the client's callback executor.
 */
@Configuration(proxyBeanMethods = false)
public class OrderTools {

  /** The order tool's name. */
  public static final String ORDER_STATUS = "order_status";

  /**
   * Looks up an order in the {@link OrderRepository}.
   *
   * @param orders the repository
   * @return the tool
   */
  @Bean
  ToolDefinition orderStatusTool(OrderRepository orders) {
    return ToolDefinition.builder(ORDER_STATUS)
        .description("Looks up an order's status by number")
        .parametersSchema("""
            {"type":"object",
             "properties":{"number":{"type":"string","description":"the order number, for example 1042"}},
             "required":["number"]}""")
        .handler(call -> {
          Object number = call.arguments().get("number");
          if (number == null || number.toString().isBlank()) {
            return ToolResult.failure("Give the order number, for example 1042.");
          }
          return orders.find(number.toString())
              .map(order -> ToolResult.text(order.describe()))
              .orElseGet(() -> ToolResult.failure("There is no order " + number + "."));
        })
        .build();
  }
}
