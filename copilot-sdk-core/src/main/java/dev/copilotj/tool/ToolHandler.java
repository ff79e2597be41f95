package dev.copilotj.tool;

/**
 * Runs a client tool. Called on the client's callback executor, never on an I/O thread; several calls
 * may run at once. An exception is logged (with its message, the session id and the tool name) and answered
 * with the protocol's error form: the model sees only the CLI's generic failure ("Failed to execute
 * `name` tool … Tool execution failed"), nothing of the exception, and the turn goes on. To tell the model
 * what went wrong, return {@link ToolResult#failure(String)} instead: the model sees that text.
 */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Runs the tool.
   *
   * @param invocation the call: its arguments and where it came from
   * @return what the model is told; null counts as an empty text
   * @throws Exception any failure, reported to the model as a failed tool call without its message
   */
  ToolResult handle(ToolInvocation invocation) throws Exception;
}
