package dev.copilotj.samples.chat;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.FakeReply;
import org.jspecify.annotations.Nullable;

/**
 * The scripted model that answers in offline mode, set as the fake model's responder. It is no language model; it
 * answers just sensibly enough to show every part of the sample:
 *
 * <ul>
 *   <li>a prompt mentioning an order number ("Where is order 1042?", "#1043"): a call of the {@code order_status}
 *       tool with that number, and once the tool's result came back, a sentence built from it;</li>
 *   <li>a prompt with the word "error": an HTTP 400 from the model API, which the CLI reports at once as a session
 *       error;</li>
 *   <li>anything else: a friendly answer of a few sentences, which the fake streams word by word.</li>
 * </ul>
 */
public final class OfflineModel implements Function<ChatRequest, @Nullable FakeReply> {

  /** The message of the scripted model error. */
  public static final String ERROR_MESSAGE =
      "The offline model was asked for an error, so here is one: this is how a failed model call looks.";

  private static final Pattern ORDER_NUMBER =
      Pattern.compile("(?i)(?:\\border\\b\\D{0,24}?|#)(\\d{3,9})\\b");
  private static final Pattern ERROR_WORD = Pattern.compile("(?i)\\berrors?\\b");
  // The CLI puts context (date, environment) in tags before the prompt in the user message.
  private static final Pattern LEADING_TAGS = Pattern.compile("(?s)^\\s*(?:<([a-z_]+)>.*?</\\1>\\s*)+");

  @Override
  public @Nullable FakeReply apply(ChatRequest request) {
    ChatMessage last = request.lastMessage();
    if (last != null && "tool".equals(last.role())) {
      return FakeReply.text(answerWithToolResult(last.text()));
    }
    ChatMessage user = request.lastUserMessage();
    String prompt = user == null ? "" : prompt(user.text());
    if (ERROR_WORD.matcher(prompt).find()) {
      return FakeReply.error(400, ERROR_MESSAGE);
    }
    Matcher order = ORDER_NUMBER.matcher(prompt);
    if (order.find() && request.toolNames().contains(OrderTools.ORDER_STATUS)) {
      return FakeReply.toolCall(OrderTools.ORDER_STATUS, "{\"number\":\"" + order.group(1) + "\"}");
    }
    return FakeReply.text(friendlyAnswer(prompt));
  }

  /**
   * The prompt as the person typed it: the user message without the context the CLI puts before it.
   *
   * @param userMessage the user message the model received
   * @return the prompt
   */
  static String prompt(String userMessage) {
    return LEADING_TAGS.matcher(userMessage).replaceFirst("").trim();
  }

  static String answerWithToolResult(String toolResult) {
    String result = toolResult.trim();
    if (result.toLowerCase(Locale.ROOT).contains("there is no order")) {
      return "I checked with the order_status tool, but it says: " + result
          + " Could you check the number? The sample shop has orders 1041 to 1045.";
    }
    return "I looked it up with the order_status tool. " + result
        + " Is there another order I can check for you?";
  }

  static String friendlyAnswer(String prompt) {
    String quoted = prompt.length() > 80 ? prompt.substring(0, 77) + "..." : prompt;
    return "Hello! I am the offline stand-in for Copilot in this sample, so I cannot really think about \""
        + quoted + "\", but I can show you how the pieces fit together. "
        + "Every word of this answer reached your browser as its own streamed delta event. "
        + "Ask me \"Where is order 1042?\" to watch me call the order_status tool, "
        + "or put the word \"error\" in a message to see how a failed model call looks.";
  }
}
