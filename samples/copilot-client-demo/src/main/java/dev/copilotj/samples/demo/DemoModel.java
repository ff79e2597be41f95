package dev.copilotj.samples.demo;

import java.util.function.Function;
import java.util.regex.Pattern;

import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.FakeReply;
import org.jspecify.annotations.Nullable;

/**
 * The demo's offline stand-in for Copilot: a prompt that asks for the time calls the demo's {@code local_time} tool
 * and answers with its result in a sentence; anything else gets a short answer that quotes the prompt. Nothing of
 * the fake model's own conventions (magic prompts, raw tool results) reaches the person running the demo.
 */
final class DemoModel implements Function<ChatRequest, @Nullable FakeReply> {

  static final String LOCAL_TIME = "local_time";

  private static final Pattern TIME_WORD = Pattern.compile("(?i)\\btime\\b");
  // The CLI puts context (date, environment) in tags before the prompt in the user message.
  private static final Pattern LEADING_TAGS = Pattern.compile("(?s)^\\s*(?:<([a-z_]+)>.*?</\\1>\\s*)+");

  @Override
  public @Nullable FakeReply apply(ChatRequest request) {
    ChatMessage last = request.lastMessage();
    if (last != null && "tool".equals(last.role())) {
      return FakeReply.text("The local_time tool says it is " + last.text().trim() + " on this machine.");
    }
    ChatMessage user = request.lastUserMessage();
    String prompt = user == null ? "" : LEADING_TAGS.matcher(user.text()).replaceFirst("").trim();
    if (TIME_WORD.matcher(prompt).find() && request.toolNames().contains(LOCAL_TIME)) {
      return FakeReply.toolCall(LOCAL_TIME, "{}");
    }
    return FakeReply.text("Hello! This is the offline stand-in for Copilot. You said: \"" + prompt
        + "\". Ask for the time to see a tool call.");
  }
}
